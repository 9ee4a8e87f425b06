package dev.janus.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

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

    /**
     * The most characters the results listed in one request or reply hold together, their ids, names and texts and
     * {@value #LISTED_OVERHEAD_CHARS} for the rest of each: four texts' worth at their size limit. A JSON character
     * takes at most six bytes (a control character, written as an escape of six), so they encode to at most 768 KiB.
     */
    public static final int MAX_LISTED_CHARS = 4 * EventLimits.MAX_TEXT_CHARS;

    /** What a result's field names, duration and punctuation are counted as. */
    static final int LISTED_OVERHEAD_CHARS = 64;

    /**
     * The results as one request or reply lists them, within {@value #MAX_LISTED_CHARS} characters: when they pass
     * it, the longest texts (output or error) are cut, each to an equal share of what the shorter ones left, and end
     * in {@code ...}; the results themselves when they fit. Meant for at most {@value LlmRequest#MAX_TOOL_RESULTS}
     * results, whose shares are thousands of characters (hundreds of results would leave their ids alone past it).
     */
    public static List<ToolResult> listed(List<ToolResult> results) {
        int[] lengths = new int[results.size()];
        int fixed = 0;
        for (int i = 0; i < results.size(); i++) {
            ToolResult result = results.get(i);
            lengths[i] = result.text().length();
            fixed += result.callId.length() + result.toolName.length() + LISTED_OVERHEAD_CHARS;
        }
        if (fixed + IntStream.of(lengths).sum() <= MAX_LISTED_CHARS) {
            return results;
        }
        int[] allowed = new int[results.size()];
        int left = Math.max(0, MAX_LISTED_CHARS - fixed);
        int[] shortestFirst = IntStream.range(0, results.size()).boxed()
                .sorted(Comparator.comparingInt(i -> lengths[i])).mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < shortestFirst.length; k++) {
            int index = shortestFirst[k];
            allowed[index] = Math.min(lengths[index], left / (shortestFirst.length - k));
            left -= allowed[index];
        }
        List<ToolResult> listed = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            listed.add(allowed[i] < lengths[i] ? results.get(i).cutTo(allowed[i]) : results.get(i));
        }
        return listed;
    }

    /** Its output or error. */
    private String text() {
        return output != null ? output : String.valueOf(error);
    }

    /** This result with its text, longer than {@code maxChars}, cut to it (the three dots of the cut included). */
    private ToolResult cutTo(int maxChars) {
        String cut = Abbreviation.abbreviate(text(), Math.max(0, maxChars - 3));
        return output != null ? new ToolResult(callId, toolName, cut, null, durationMs)
                : new ToolResult(callId, toolName, null, cut, durationMs);
    }
}
