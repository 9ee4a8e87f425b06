package dev.janus.bus;

/** Subscribes handlers to events by type pattern, as members of a consumer group. Thread-safe. */
public interface EventSubscriber {

    /**
     * Subscribes {@code handler} to the events matching {@code pattern} as a member of {@code group}.
     * Each event is handled once per group: subscriptions of the same group share the load.
     *
     * @param pattern an exact type ({@code input.message.received}), a prefix wildcard ({@code input.*}) or {@code *}
     * @param group the consumer group, by convention the component name ({@code janus-memory})
     * @param handler what to do with each event
     * @return the live subscription; cancel it to stop receiving
     */
    Subscription subscribe(String pattern, String group, EventHandler handler);
}
