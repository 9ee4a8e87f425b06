package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * A request to memory for what is relevant to answer a message.
 *
 * @param query the text to find context for
 * @param userId whose long-term facts apply; absent for anonymous streams
 * @param maxItems how many recalled items at most, 1..100
 * @param embedding the query's sentence embedding, computed once by the requester, which memory uses instead of
 *        embedding the query again when its own model has the same id; absent from requesters that embed nothing
 *        (and from those that predate it)
 */
public record ContextRequest(String query, @Nullable String userId, int maxItems, @Nullable TextEmbedding embedding)
        implements EventContent {

    public ContextRequest {
        Constraints.nonBlank("query", query, EventLimits.MAX_TEXT_CHARS);
        Constraints.optionalText("user_id", userId, EventLimits.MAX_ID_CHARS);
        Constraints.range("max_items", maxItems, 1, 100);
    }

    /** A request without the query's embedding: memory embeds the query itself. */
    public ContextRequest(String query, @Nullable String userId, int maxItems) {
        this(query, userId, maxItems, null);
    }
}
