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

    public LlmRequest {
        Constraints.nonBlank("user_message", userMessage, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("intent", intent, EventLimits.MAX_ID_CHARS);
        Constraints.present("context", context);
        toolResults = Constraints.list("tool_results", toolResults, 32);
        missing = Constraints.list("missing", missing, 8);
    }
}
