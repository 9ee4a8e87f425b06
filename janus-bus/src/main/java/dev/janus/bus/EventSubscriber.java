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

    /**
     * Subscribes {@code handler} so that this instance sees every matching event published from now
     * on, whatever other instances of {@code component} do: for work tied to this instance, such as
     * pushing replies to the client sockets it holds. The bus gives the subscription a consumer group
     * of its own, {@code <component>@<consumer name>}, starting at the end of the streams, and removes
     * it when the subscription is cancelled.
     *
     * @param pattern as for {@link #subscribe}
     * @param component the subscribing component, e.g. {@code janus-input}
     * @param handler what to do with each event
     * @return the live subscription; cancel it to stop receiving
     */
    Subscription subscribeBroadcast(String pattern, String component, EventHandler handler);
}
