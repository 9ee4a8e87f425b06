package dev.janus.bench.bus;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import dev.janus.bench.RedisServer;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * A stream of {@link SampleEvents} published through the Redis bus before any consumer runs, so that consumer
 * groups created afterwards (from the stream's start) can be timed draining the same backlog one after another.
 */
final class StreamBacklog implements AutoCloseable {

    /** The stream the bus writes {@code input.message.received} to. */
    static final String STREAM = "janus:" + EventType.INPUT_MESSAGE_RECEIVED.wireName();

    private static final int MAX_OUTSTANDING_PUBLISHES = 10_000;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int count;
    private final double publishRate;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private StreamBacklog(int count, double publishRate, String url) {
        this.count = count;
        this.publishRate = publishRate;
        this.client = RedisClient.create(url);
        this.connection = client.connect();
    }

    /**
     * Publishes {@code count} events through a fresh bus (at most {@value #MAX_OUTSTANDING_PUBLISHES} unconfirmed at
     * a time) into an emptied server, and times it.
     */
    static StreamBacklog fill(InstrumentedBuses buses, RedisServer redis, int count) throws Exception {
        redis.flushAll();
        SampleEvents samples = new SampleEvents(64);
        JanusEvent[] events = samples.next(count);
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING_PUBLISHES);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        long start;
        long end;
        try (RedisEventBus publisher = buses.redis(InstrumentedBuses.redisSettings(redis.url()))) {
            start = System.nanoTime();
            for (JanusEvent event : events) {
                outstanding.acquire();
                publisher.publish(event).whenComplete((ok, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    outstanding.release();
                });
            }
            outstanding.acquire(MAX_OUTSTANDING_PUBLISHES);
            end = System.nanoTime();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling the backlog failed", failure.get());
        }
        return new StreamBacklog(count, count / seconds(end - start), redis.url());
    }

    /** How many events the stream holds. */
    int count() {
        return count;
    }

    /** Events per second the bus published while filling. */
    double publishRate() {
        return publishRate;
    }

    /**
     * Waits until {@code handled} reports every event and {@code group} has none pending, or {@code timeoutSeconds}
     * passed.
     *
     * @param startNanos when the consumers started, by {@link System#nanoTime()}
     */
    Drain awaitDrained(String group, LongSupplier handled, long startNanos, long timeoutSeconds) {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long handledAt = 0;
        while (System.nanoTime() < deadline) {
            if (handledAt == 0 && handled.getAsLong() >= count) {
                handledAt = System.nanoTime();
            }
            if (handledAt != 0 && connection.sync().xpending(STREAM, group).getCount() == 0) {
                return new Drain(count, seconds(handledAt - startNanos), seconds(System.nanoTime() - startNanos), true);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        long seen = handled.getAsLong();
        double elapsed = seconds(System.nanoTime() - startNanos);
        return new Drain(seen, elapsed, elapsed, false);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * How a group drained the backlog.
     *
     * @param handled events the handlers saw
     * @param handledSeconds from start until the last one was handled
     * @param ackedSeconds from start until none was pending any more
     * @param complete whether all were handled and acknowledged before the timeout
     */
    record Drain(long handled, double handledSeconds, double ackedSeconds, boolean complete) {

        /** Events per second, handled and acknowledged. */
        double rate() {
            return handled / ackedSeconds;
        }

        /** How it went, for the table's note. */
        String describe() {
            return String.format(java.util.Locale.ROOT, "%,d events handled in %.3f s, all acked after %.3f s%s",
                    handled, handledSeconds, ackedSeconds, complete ? "" : " (TIMED OUT, incomplete)");
        }
    }
}
