package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * A past item memory judged relevant to the current message.
 *
 * @param text the item
 * @param sourceEventId the event it was stored from
 * @param score relevance, higher is better (similarity weighted by recency)
 * @param role whose words it is: {@code user} (what the user said), {@code tool} (a tool's output: data from
 *        outside, never the user's words), {@code summary} (memory's summary of older items); absent in events of
 *        earlier versions, read as {@code user}
 */
public record RecalledItem(String text, String sourceEventId, double score, @Nullable String role) {

    /** What the user said. */
    public static final String USER = "user";

    /** A tool's output. */
    public static final String TOOL = "tool";

    public RecalledItem {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("source_event_id", sourceEventId, EventLimits.MAX_ID_CHARS);
        role = role == null ? USER : role;
        Constraints.nonBlank("role", role, EventLimits.MAX_ID_CHARS);
    }

    /** An item of the user's own words. */
    public RecalledItem(String text, String sourceEventId, double score) {
        this(text, sourceEventId, score, USER);
    }

    /** Whether it is a tool's output rather than something the user said. */
    public boolean isToolResult() {
        return TOOL.equals(role);
    }
}
