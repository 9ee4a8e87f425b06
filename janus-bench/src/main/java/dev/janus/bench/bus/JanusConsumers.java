package dev.janus.bench.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.bench.RedisServer;
import dev.janus.bus.Subscription;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventType;

/**
 * One consumer group of the Redis bus draining the backlog: {@code consumers} bus instances (as many replicas of a
 * component, each with its own connections and consumer name) each subscribe once, with default settings; the
 * handler only counts, so the figure is the bus's own cost of reading, decoding, tracing, counting and acknowledging.
 */
final class JanusConsumers {

    private static final long TIMEOUT_SECONDS = 90;

    private final InstrumentedBuses buses;
    private final RedisServer redis;

    JanusConsumers(InstrumentedBuses buses, RedisServer redis) {
        this.buses = buses;
        this.redis = redis;
    }

    /** Times a new group of {@code consumers} replicas from its first read until the backlog is handled and acked. */
    StreamBacklog.Drain drain(StreamBacklog backlog, String group, int consumers) {
        List<RedisEventBus> replicas = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        AtomicLong handled = new AtomicLong();
        try {
            for (int i = 0; i < consumers; i++) {
                replicas.add(buses.redis(InstrumentedBuses.redisSettings(redis.url())));
            }
            long start = System.nanoTime();
            for (RedisEventBus replica : replicas) {
                subscriptions.add(replica.subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), group,
                        event -> handled.incrementAndGet()));
            }
            return backlog.awaitDrained(group, handled::get, start, TIMEOUT_SECONDS);
        }
        finally {
            subscriptions.forEach(Subscription::cancel);
            replicas.forEach(RedisEventBus::close);
        }
    }
}
