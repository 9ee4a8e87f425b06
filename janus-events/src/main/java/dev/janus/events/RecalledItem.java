package dev.janus.events;

/**
 * A past item memory judged relevant to the current message.
 *
 * @param text the item
 * @param sourceEventId the event it was stored from
 * @param score relevance, higher is better (similarity weighted by recency)
 */
public record RecalledItem(String text, String sourceEventId, double score) {

    public RecalledItem {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("source_event_id", sourceEventId, EventLimits.MAX_ID_CHARS);
    }
}
