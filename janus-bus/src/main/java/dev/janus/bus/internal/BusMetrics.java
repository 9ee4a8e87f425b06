package dev.janus.bus.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The seed's event metrics: {@code janus_events_total{event_type,status}} and
 * {@code janus_event_processing_seconds{event_type}}. Meters are registered on first use and then
 * cached, so counting costs a few nanoseconds on the hot path.
 */
public final class BusMetrics {

    /** What happened to an event, the {@code status} tag. */
    public enum Status {
        /** The bus accepted a publish. */
        SUCCESS("success"),
        /** A publish failed. */
        ERROR("error"),
        /** A group's handler finished it. */
        HANDLED("handled"),
        /** A handler attempt failed and will be retried. */
        RETRIED("retried"),
        /** The group gave up on it; it is in the dead-letter queue. */
        DEAD_LETTERED("dead_lettered"),
        /** The group had handled it already; skipped. */
        DUPLICATE("duplicate"),
        /** Of a user erased after it was dated: not written, or not delivered. */
        ERASED("erased");

        private final String tag;

        Status(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter[][] counters = new Counter[Status.values().length][EventType.values().length];
    private final Map<String, Counter> unknownTypeCounters = new ConcurrentHashMap<>();
    private final Timer[] timers = new Timer[EventType.values().length];

    public BusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one event of a known type. */
    public void count(EventType type, Status status) {
        Counter counter = counters[status.ordinal()][type.ordinal()];
        if (counter == null) {
            // a race registers the same meter twice, which the registry answers with the same instance
            counter = counter(type.wireName(), status);
            counters[status.ordinal()][type.ordinal()] = counter;
        }
        counter.increment();
    }

    /** Counts one event whose type is not in the contracts (it could not be decoded). */
    public void countUnknown(String typeName, Status status) {
        unknownTypeCounters.computeIfAbsent(typeName + "\u0000" + status, key -> counter(typeName, status)).increment();
    }

    /** Records how long one successful handling took. */
    public void processed(EventType type, long nanos) {
        Timer timer = timers[type.ordinal()];
        if (timer == null) {
            timer = Timer.builder("janus.event.processing")
                    .description("Time a handler took to process an event")
                    .tag("event_type", type.wireName())
                    .publishPercentileHistogram()
                    .register(registry);
            timers[type.ordinal()] = timer;
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Counts a handler of {@code group} interrupted for running past its timeout. */
    public void handlerTimedOut(String group) {
        registry.counter("janus.bus.handler.timeouts", "group", group).increment();
    }

    /** Counts a handler thread of {@code group} that did not stop when interrupted and was left behind. */
    public void handlerAbandoned(String group) {
        registry.counter("janus.bus.handler.abandoned", "group", group).increment();
    }

    /** The registry, for engine-specific gauges. */
    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String typeName, Status status) {
        return Counter.builder("janus.events")
                .description("Events published and handled, by type and outcome")
                .tag("event_type", typeName)
                .tag("status", status.tag)
                .register(registry);
    }
}
