package dev.janus.events;

import java.util.List;

/**
 * A reply ready for a channel: published by the orchestrator as {@code orchestrator.response.ready}
 * and, once shaped for the channel, by output as {@code output.formatting.completed}.
 *
 * @param text the reply
 * @param channel the channel it is for ({@code chat}, {@code voice}, {@code webhook}, ...)
 * @param format how {@code text} is written: {@code markdown}, {@code plain} or {@code json}
 * @param toolResults the tool results the reply is based on
 */
public record FormattedResponse(String text, String channel, String format, List<ToolResult> toolResults)
        implements EventContent {

    public FormattedResponse {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("channel", channel, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("format", format, 32);
        toolResults = Constraints.list("tool_results", toolResults, 32);
    }
}
