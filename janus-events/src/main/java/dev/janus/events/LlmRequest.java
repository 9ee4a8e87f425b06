package dev.janus.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the LLM component needs to answer one message.
 *
 * @param userMessage the message to answer
 * @param intent the classified intent label
 * @param context what memory assembled (empty when it did not answer)
 * @param toolResults results of the tools that ran for this message
 * @param missing the branches ({@code memory}, {@code tools}) that did not answer before the join timed out
 */
public record LlmRequest(String userMessage, String intent, AssembledContext context, List<ToolResult> toolResults,
        List<String> missing) implements EventContent {

    /** The most tool results a request carries. */
    public static final int MAX_TOOL_RESULTS = 32;

    /**
     * The most characters the outputs and errors of a request's tool results hold together: like its context
     * ({@link AssembledContext#MAX_TEXT_CHARS}), at most 768 KiB of JSON.
     */
    public static final int MAX_TOOL_TEXT_CHARS = 4 * EventLimits.MAX_TEXT_CHARS;

    public LlmRequest {
        Constraints.nonBlank("user_message", userMessage, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("intent", intent, EventLimits.MAX_ID_CHARS);
        Constraints.present("context", context);
        toolResults = Constraints.list("tool_results", toolResults, MAX_TOOL_RESULTS);
        missing = Constraints.list("missing", missing, 8);
    }

    /**
     * The request for a message, cut to what an event holds however much the branches answered: its context to
     * {@link AssembledContext#MAX_TEXT_CHARS} characters of text ({@link AssembledContext#within}) and, when its tool
     * results' texts pass {@value #MAX_TOOL_TEXT_CHARS} characters together, each result's text to an equal share of
     * them. With the message (at most {@link EventLimits#MAX_TEXT_CHARS} characters) it encodes to at most ~1.7 MiB,
     * within {@link EventLimits#MAX_EVENT_BYTES}, so a long conversation or a tool's huge answer never makes the
     * request impossible to publish.
     */
    public static LlmRequest fitted(String userMessage, String intent, AssembledContext context,
            List<ToolResult> toolResults, List<String> missing) {
        return new LlmRequest(userMessage, intent, context.within(AssembledContext.MAX_TEXT_CHARS),
                toolsWithin(toolResults, MAX_TOOL_TEXT_CHARS), missing);
    }

    private static List<ToolResult> toolsWithin(List<ToolResult> results, int maxChars) {
        int chars = 0;
        for (ToolResult result : results) {
            chars += text(result).length();
        }
        if (chars <= maxChars) {
            return results;
        }
        // a share less the three dots an abbreviation ends with
        int share = maxChars / results.size() - 3;
        List<ToolResult> cut = new ArrayList<>(results.size());
        for (ToolResult result : results) {
            cut.add(result.succeeded()
                    ? new ToolResult(result.callId(), result.toolName(),
                            Abbreviation.abbreviate(result.output(), share), null, result.durationMs())
                    : new ToolResult(result.callId(), result.toolName(), null,
                            Abbreviation.abbreviate(result.error(), share), result.durationMs()));
        }
        return cut;
    }

    private static String text(ToolResult result) {
        String text = result.succeeded() ? result.output() : result.error();
        return text == null ? "" : text;
    }
}
