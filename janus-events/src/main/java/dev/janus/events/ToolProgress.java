package dev.janus.events;

/**
 * Progress of a long-running tool.
 *
 * @param callId the call this execution serves
 * @param toolName the tool
 * @param fraction how much is done, 0..1
 * @param message a short human-readable status
 */
public record ToolProgress(String callId, String toolName, double fraction, String message) implements EventContent {

    public ToolProgress {
        Constraints.nonBlank("call_id", callId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("tool_name", toolName, EventLimits.MAX_ID_CHARS);
        Constraints.range("fraction", fraction, 0.0, 1.0);
        Constraints.text("message", message, 1_000);
    }
}
