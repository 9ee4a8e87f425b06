package dev.janus.bus;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Subscribes handlers to events by type pattern, as members of a consumer group. Thread-safe. */
public interface EventSubscriber {

    /**
     * Subscribes {@code handler} to the events matching {@code pattern} as a member of {@code group}.
     * Each event is handled once per group: subscriptions of the same group share the load. A handler may run
     * for {@code janus.bus.handler-timeout}; past it, it is interrupted and the attempt counts as failed.
     *
     * @param pattern an exact type ({@code input.message.received}), a prefix wildcard ({@code input.*}) or {@code *}
     * @param group the consumer group, by convention the component name ({@code janus-memory})
     * @param handler what to do with each event
     * @return the live subscription; cancel it to stop receiving
     */
    default Subscription subscribe(String pattern, String group, EventHandler handler) {
        return subscribe(pattern, group, null, handler);
    }

    /**
     * As {@link #subscribe(String, String, EventHandler)}, for handlers that may legitimately run longer (or must
     * give up sooner) than {@code janus.bus.handler-timeout}.
     *
     * @param handlerTimeout how long one handling may take; absent: {@code janus.bus.handler-timeout}
     */
    Subscription subscribe(String pattern, String group, @Nullable Duration handlerTimeout, EventHandler handler);

    /**
     * Subscribes {@code handler} so that this instance sees every matching event published from now
     * on, whatever other instances of {@code component} do: for work tied to this instance, such as
     * pushing replies to the client sockets it holds. No consumer group is involved: the instance reads the
     * streams from their end (Redis: plain {@code XREAD} with a cursor in memory), so an instance that dies
     * leaves nothing behind, and nothing it failed to handle is dead-lettered (a failure is logged after the
     * retries). Events published while the instance is down are not seen.
     *
     * @param pattern as for {@link #subscribe}
     * @param component the subscribing component, e.g. {@code janus-input}, named in logs and metrics
     * @param handler what to do with each event
     * @return the live subscription; cancel it to stop receiving
     */
    Subscription subscribeBroadcast(String pattern, String component, EventHandler handler);

    /**
     * The subscriptions of this instance that are live now, in no particular order: a read-only snapshot, to inspect
     * what is subscribed (cancelling one is the only thing to do with it). A broadcast subscription's
     * {@link Subscription#group() group} is its component followed by {@code @} and what tells the instance apart.
     */
    List<Subscription> liveSubscriptions();
}
