package dev.janus.events;

/**
 * A reply that could not be delivered.
 *
 * @param channel the channel it was for
 * @param reason why delivery failed
 * @param attempts how many times delivery was tried
 */
public record DeliveryFailure(String channel, String reason, int attempts) implements EventContent {

    public DeliveryFailure {
        Constraints.nonBlank("channel", channel, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("reason", reason, 4_000);
        Constraints.range("attempts", attempts, 1, 1_000);
    }
}
