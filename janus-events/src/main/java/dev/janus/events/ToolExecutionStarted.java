package dev.janus.events;

/**
 * A tool began to run.
 *
 * @param callId the call this execution serves
 * @param toolName the tool
 */
public record ToolExecutionStarted(String callId, String toolName) implements EventContent {

    public ToolExecutionStarted {
        Constraints.nonBlank("call_id", callId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("tool_name", toolName, EventLimits.MAX_ID_CHARS);
    }
}
