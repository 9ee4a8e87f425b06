package dev.janus.events;

import java.util.List;

/**
 * Tools the orchestrator needs run for a request.
 *
 * @param calls at least one call
 */
public record ToolRequest(List<ToolCall> calls) implements EventContent {

    public ToolRequest {
        calls = Constraints.list("calls", calls, 32);
        if (calls.isEmpty()) {
            throw new InvalidEventException("calls", "must name at least one tool call");
        }
    }
}
