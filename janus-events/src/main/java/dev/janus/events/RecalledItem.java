package dev.janus.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A past item memory judged relevant to the current message.
 *
 * @param text the item
 * @param sourceEventId the event it was stored from
 * @param score relevance, higher is better (similarity weighted by recency)
 * @param role who said or did it: {@value #USER} (the user's own words), {@value #TOOL} (a tool's result) or
 *        {@value #SUMMARY} (memory's summary of older turns); absent from producers that predate it
 * @param at when it was said or done; absent from producers that predate it
 * @param similarity the cosine similarity of the item to the message, -1..1, before recency weighting; absent from
 *        producers that predate it
 */
public record RecalledItem(String text, String sourceEventId, double score, @Nullable String role,
        @Nullable Instant at, @Nullable Double similarity) {

    /** The role of the user's own words. */
    public static final String USER = "user";

    /** The role of a tool's result. */
    public static final String TOOL = "tool";

    /** The role of memory's summary of older turns. */
    public static final String SUMMARY = "summary";

    public RecalledItem {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("source_event_id", sourceEventId, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("role", role, 32);
        if (similarity != null) {
            Constraints.range("similarity", similarity, -1.0, 1.0);
        }
    }

    /** An item without role, time and similarity. */
    public RecalledItem(String text, String sourceEventId, double score) {
        this(text, sourceEventId, score, null, null, null);
    }

    /** Whether it is a tool's output (data from outside) rather than something the user said. */
    public boolean isToolResult() {
        return TOOL.equals(role);
    }
}
