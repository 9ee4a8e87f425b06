package dev.janus.testkit;

import dev.janus.bus.EventBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisEventBusContractTests extends AbstractEventBusContractTests {

    private static RedisEndpoint redis;

    @BeforeAll
    static void redis(RedisEndpoint endpoint) {
        redis = endpoint;
    }

    @Override
    protected TestBusSettings settings() {
        return TestBusSettings.redis(redis.url());
    }

    @Override
    protected EventBus createBus(TestBusSettings settings, MeterRegistry meters, OpenTelemetry tracing) {
        return TestBuses.redis(settings.build(), meters, tracing);
    }

    @Override
    protected void reset() {
        redis.flush();
    }
}
