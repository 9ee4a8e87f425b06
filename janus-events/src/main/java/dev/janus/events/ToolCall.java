package dev.janus.events;

import java.util.Map;

/**
 * One tool invocation asked for by the orchestrator or a model.
 *
 * @param callId unique within its request; results refer to it
 * @param name the tool's registered name
 * @param arguments the arguments, as JSON values (strings, numbers, booleans, lists, maps)
 */
public record ToolCall(String callId, String name, Map<String, Object> arguments) {

    public ToolCall {
        Constraints.nonBlank("call_id", callId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("name", name, EventLimits.MAX_ID_CHARS);
        arguments = Constraints.map("arguments", arguments, 64);
    }
}
