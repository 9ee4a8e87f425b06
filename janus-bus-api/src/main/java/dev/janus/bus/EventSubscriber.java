package dev.janus.bus;

import java.time.Duration;
import java.util.List;

import dev.janus.events.EventContent;
import dev.janus.events.EventKey;
import org.jspecify.annotations.Nullable;

/**
 * Subscribes handlers to events, as members of a consumer group: to one type by its {@link EventKey} (the handler gets
 * the content typed), or by a type pattern for consumers of several types ({@code input.*}, {@code *}). Thread-safe.
 */
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
     * Subscribes {@code handler} to the events of {@code key}'s type as a member of {@code group}, as
     * {@link #subscribe(String, String, EventHandler)} does for the type's wire name; the handler gets the content as
     * the record the type carries.
     */
    default <C extends EventContent> Subscription subscribe(EventKey<C> key, String group, ContentHandler<C> handler) {
        return subscribe(key, group, null, handler);
    }

    /**
     * As {@link #subscribe(EventKey, String, ContentHandler)}, with a handler timeout of its own, as
     * {@link #subscribe(String, String, Duration, EventHandler)}.
     *
     * @param handlerTimeout how long one handling may take; absent: {@code janus.bus.handler-timeout}
     */
    default <C extends EventContent> Subscription subscribe(EventKey<C> key, String group,
            @Nullable Duration handlerTimeout, ContentHandler<C> handler) {
        return subscribe(key.wireName(), group, handlerTimeout, event -> handler.on(event, event.content(key)));
    }

    /**
     * Subscribes {@code handler} to every event of {@code key}'s type published from now on, on this instance, as
     * {@link #subscribeBroadcast(String, String, EventHandler)} does for the type's wire name; the handler gets the
     * content as the record the type carries.
     */
    default <C extends EventContent> Subscription subscribeBroadcast(EventKey<C> key, String component,
            ContentHandler<C> handler) {
        return subscribeBroadcast(key.wireName(), component, event -> handler.on(event, event.content(key)));
    }

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
