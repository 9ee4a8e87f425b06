package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one tool call: {@code output} when it succeeded
 * ({@code tools.execution.completed}), {@code error} when it failed ({@code tools.execution.failed}).
 *
 * @param callId the call this result answers
 * @param toolName the tool
 * @param output the result as text (often JSON); absent on failure
 * @param error a reason a user can read; absent on success
 * @param durationMs how long the tool ran
 */
public record ToolResult(String callId, String toolName, @Nullable String output, @Nullable String error,
        long durationMs) implements EventContent {

    public ToolResult {
        Constraints.nonBlank("call_id", callId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("tool_name", toolName, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("output", output, EventLimits.MAX_TEXT_CHARS);
        Constraints.optionalText("error", error, 4_000);
        if ((output == null) == (error == null)) {
            throw new InvalidEventException("output", "must be set exactly when error is not");
        }
        Constraints.notNegative("duration_ms", durationMs);
    }

    /** Whether the tool succeeded. */
    public boolean succeeded() {
        return error == null;
    }

    /**
     * The result a {@code tools.execution.completed} or {@code tools.execution.failed} event carries, for handlers of
     * both.
     *
     * @throws IllegalArgumentException if {@code event} is of another type
     */
    public static ToolResult of(JanusEvent event) {
        return event.content(event.eventType() == EventType.TOOLS_EXECUTION_FAILED ? EventKeys.TOOLS_EXECUTION_FAILED
                : EventKeys.TOOLS_EXECUTION_COMPLETED);
    }
}
