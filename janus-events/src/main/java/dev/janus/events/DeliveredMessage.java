package dev.janus.events;

/**
 * A reply or suggestion that reached its client.
 *
 * @param text what was delivered
 * @param channel the channel it went to
 * @param via how: {@code websocket}, {@code sse}, {@code outbox}, {@code webhook}, ...
 */
public record DeliveredMessage(String text, String channel, String via) implements EventContent {

    public DeliveredMessage {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("channel", channel, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("via", via, EventLimits.MAX_ID_CHARS);
    }
}
