package dev.janus.testkit;

import dev.janus.bus.EventBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

class InMemoryEventBusContractTests extends AbstractEventBusContractTests {

    @Override
    protected TestBusSettings settings() {
        return TestBusSettings.memory();
    }

    @Override
    protected EventBus createBus(TestBusSettings settings, MeterRegistry meters, OpenTelemetry tracing) {
        return TestBuses.inMemory(settings.build(), meters, tracing);
    }
}
