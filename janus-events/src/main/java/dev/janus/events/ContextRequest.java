package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * A request to memory for what is relevant to answer a message.
 *
 * @param query the text to find context for
 * @param userId whose long-term facts apply; absent for anonymous streams
 * @param maxItems how many recalled items at most, 1..100
 */
public record ContextRequest(String query, @Nullable String userId, int maxItems) implements EventContent {

    public ContextRequest {
        Constraints.nonBlank("query", query, EventLimits.MAX_TEXT_CHARS);
        Constraints.optionalText("user_id", userId, EventLimits.MAX_ID_CHARS);
        Constraints.range("max_items", maxItems, 1, 100);
    }
}
