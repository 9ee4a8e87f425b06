package dev.janus.testkit;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.bus.redis.RedisEventBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/** Builds real bus engines for tests, wired as the auto-configuration wires them. */
public final class TestBuses {

    private TestBuses() {
    }

    /** An in-memory bus with the given settings. */
    public static InMemoryEventBus inMemory(BusProperties properties) {
        return inMemory(properties, new SimpleMeterRegistry(), OpenTelemetry.noop());
    }

    /** An in-memory bus recording metrics and traces where the test says; it samples every flow. */
    public static InMemoryEventBus inMemory(BusProperties properties, MeterRegistry meters, OpenTelemetry tracing) {
        return new InMemoryEventBus(properties, new BusMetrics(meters), new BusTracing(tracing, 1.0),
                BusAutoConfiguration.circuitBreakers(properties, meters));
    }

    /** A Redis bus with the given settings. */
    public static RedisEventBus redis(BusProperties properties) {
        return redis(properties, new SimpleMeterRegistry(), OpenTelemetry.noop());
    }

    /** A Redis bus recording metrics and traces where the test says; it samples every flow. */
    public static RedisEventBus redis(BusProperties properties, MeterRegistry meters, OpenTelemetry tracing) {
        return new RedisEventBus(properties, new BusMetrics(meters), new BusTracing(tracing, 1.0),
                BusAutoConfiguration.circuitBreakers(properties, meters));
    }
}
