package dev.janus.bus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.bus.EventBus;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventRegistry;
import dev.janus.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BusAutoConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class));

    @Test
    void usesTheInMemoryEngineByDefault() {
        contexts.run(context -> assertThat(context).getBean(EventBus.class).isInstanceOf(InMemoryEventBus.class));
    }

    @Test
    void collectsTheComponentsDeclarationsIntoOneRegistry() {
        contexts.withBean("memoryEvents", ComponentEvents.class, () -> ComponentEvents.of("janus-memory")
                        .publishes(EventType.MEMORY_USER_ERASED).build())
                .withBean("toolsEvents", ComponentEvents.class, () -> ComponentEvents.of("janus-tools")
                        .consumes(EventType.MEMORY_USER_ERASED).build())
                .run(context -> {
                    EventRegistry registry = context.getBean(EventRegistry.class);

                    assertThat(registry.publishersOf(EventType.MEMORY_USER_ERASED)).containsExactly("janus-memory");
                    assertThat(registry.consumersOf(EventType.MEMORY_USER_ERASED))
                            .extracting(ComponentEvents.Consumed::group).containsExactly("janus-tools");
                });
    }

    @Test
    void failsStartUpWithTheOffendingPropertyNamed() {
        contexts.withPropertyValues("janus.bus.redis.batch-size=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("janus.bus.redis.batch-size must be 1..10000, but was 0"));
    }

    @Test
    void rejectsAnUnknownEngine() {
        contexts.withPropertyValues("janus.bus.type=kafka")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBus() {
        contexts.withBean(EventBus.class, () -> new InMemoryEventBus(dev.janus.bus.config.BusProperties.defaults(),
                new dev.janus.bus.internal.BusMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                dev.janus.bus.internal.BusTracing.noop(),
                io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults()))
                .run(context -> assertThat(context).hasSingleBean(EventBus.class));
    }

    @Test
    void tagsMetersWithTheApplicationName() {
        contexts.withPropertyValues("spring.application.name=janus-memory").run(context -> {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            registry.config().meterFilter(context.getBean(io.micrometer.core.instrument.config.MeterFilter.class));

            assertThat(registry.counter("janus.events").getId().getTag("application")).isEqualTo("janus-memory");
        });
    }

    @Test
    void leavesTheApplicationTagToBootWhenConfigured() {
        contexts.withPropertyValues("spring.application.name=janus-memory", "management.metrics.tags.application=memory")
                .run(context -> {
                    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                    registry.config().meterFilter(context.getBean(io.micrometer.core.instrument.config.MeterFilter.class));

                    assertThat(registry.counter("janus.events").getId().getTag("application")).isNull();
                });
    }
}
