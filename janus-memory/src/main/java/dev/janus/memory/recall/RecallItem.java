package dev.janus.memory.recall;

import java.time.Instant;
import java.util.Objects;

/**
 * A past item that can be recalled by meaning: a user's message, a tool result or a summary.
 *
 * @param id the item's id, the same as its history entry's
 * @param userId whose memory it is
 * @param streamId the stream it was said in
 * @param role {@code user}, {@code tool} or {@code summary}
 * @param text the item
 * @param sourceEventId the event it was stored from
 * @param at when it happened
 */
public record RecallItem(String id, String userId, String streamId, String role, String text, String sourceEventId,
        Instant at) {

    public RecallItem {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(role, "role must not be null");
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(sourceEventId, "sourceEventId must not be null");
        Objects.requireNonNull(at, "at must not be null");
    }
}
