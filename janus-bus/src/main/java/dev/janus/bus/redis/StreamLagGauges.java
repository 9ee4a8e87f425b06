package dev.janus.bus.redis;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads consumer lag and pending counts per stream and group (XINFO GROUPS) and the dead-letter
 * queue's length on a schedule, and exposes them as {@code janus_stream_lag},
 * {@code janus_stream_pending} and {@code janus_dlq_size}.
 */
final class StreamLagGauges {

    private static final Logger log = LoggerFactory.getLogger(StreamLagGauges.class);

    private final RedisEventBus bus;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final AtomicLong deadLetters = new AtomicLong();

    StreamLagGauges(RedisEventBus bus, MeterRegistry registry) {
        this.bus = bus;
        this.registry = registry;
        Gauge.builder("janus.dlq.size", deadLetters, AtomicLong::get)
                .description("Entries in the dead-letter stream janus:dlq")
                .register(registry);
    }

    void sample() {
        try {
            Set<String> streams = new HashSet<>();
            // broadcasts read without groups: nothing lags behind them
            bus.subscriptions().stream().filter(RedisSubscription.class::isInstance)
                    .forEach(subscription -> streams.addAll(subscription.streams()));
            for (String stream : streams) {
                for (Object info : bus.commands().sync().xinfoGroups(stream)) {
                    record(stream, (List<?>) info);
                }
            }
            deadLetters.set(bus.deadLetterCount());
        }
        catch (RuntimeException e) {
            log.debug("Could not read stream lag: {}", e.toString());
        }
    }

    private void record(String stream, List<?> info) {
        String group = null;
        long pending = 0;
        long lag = 0;
        for (int i = 0; i + 1 < info.size(); i += 2) {
            String key = String.valueOf(info.get(i));
            Object value = info.get(i + 1);
            switch (key) {
                case "name" -> group = String.valueOf(value);
                case "pending" -> pending = value instanceof Number n ? n.longValue() : 0;
                case "lag" -> lag = value instanceof Number n ? n.longValue() : 0;
                default -> {
                }
            }
        }
        if (group != null) {
            gauge("janus.stream.lag", "Entries not yet delivered to the group", stream, group).set(lag);
            gauge("janus.stream.pending", "Entries delivered but not acknowledged", stream, group).set(pending);
        }
    }

    /** The last sampled lag of each group and stream that has any, keyed {@code <group> <stream>}. */
    Map<String, Long> lagSnapshot() {
        Map<String, Long> lag = new java.util.TreeMap<>();
        values.forEach((key, value) -> {
            String[] parts = key.split("\\|", 3);
            if (parts[0].equals("janus.stream.lag") && value.get() > 0) {
                lag.put(parts[2] + " " + parts[1], value.get());
            }
        });
        return lag;
    }

    /** A field of an {@code XINFO GROUPS} entry (a flat list of names and values). */
    static @Nullable String field(List<?> info, String name) {
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(String.valueOf(info.get(i)))) {
                return String.valueOf(info.get(i + 1));
            }
        }
        return null;
    }

    private AtomicLong gauge(String name, String description, String stream, String group) {
        return values.computeIfAbsent(name + "|" + stream + "|" + group, key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get)
                    .description(description)
                    .tag("stream", stream)
                    .tag("group", group)
                    .register(registry);
            return holder;
        });
    }
}
