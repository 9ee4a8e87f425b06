package dev.janus.events;

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

    public LlmRequest {
        Constraints.nonBlank("user_message", userMessage, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("intent", intent, EventLimits.MAX_ID_CHARS);
        Constraints.present("context", context);
        toolResults = Constraints.list("tool_results", toolResults, MAX_TOOL_RESULTS);
        missing = Constraints.list("missing", missing, 8);
    }

    /**
     * The request for a message, cut to what an event holds however much the branches answered: its context to
     * {@link AssembledContext#MAX_TEXT_CHARS} characters ({@link AssembledContext#within}) and its tool results to
     * {@link ToolResult#MAX_LISTED_CHARS} ({@link ToolResult#listed}). With the message (at most
     * {@link EventLimits#MAX_TEXT_CHARS} characters) that is at most ~1.8 MB of JSON, within
     * {@link EventLimits#MAX_EVENT_BYTES}, so a long conversation or a tool's huge answer never makes the request
     * impossible to publish.
     */
    public static LlmRequest fitted(String userMessage, String intent, AssembledContext context,
            List<ToolResult> toolResults, List<String> missing) {
        return new LlmRequest(userMessage, intent, context.within(AssembledContext.MAX_TEXT_CHARS),
                ToolResult.listed(toolResults), missing);
    }
}
