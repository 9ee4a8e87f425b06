package dev.janus.bus.health;

import java.util.Map;

import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class BusHealthAutoConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class, BusHealthAutoConfiguration.class));

    @Test
    void theInMemoryBusIsUpAndNamesItsEngine() {
        contexts.run(context -> {
            Health health = context.getBean(BusHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("engine", "memory").containsEntry("open_breakers", Map.of());
        });
    }

    @Test
    void listsTheOpenBreakersOfTheOneRegistryWithoutGoingDown() {
        contexts.run(context -> {
            // given: a tool's breaker, added to the service's registry as the tools component does, opens
            CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
            breakers.circuitBreaker("tool-weather", CircuitBreakerConfig.ofDefaults(),
                    Map.of(BusAutoConfiguration.BREAKER_KIND, "tool")).transitionToOpenState();
            breakers.circuitBreaker("janus-memory");

            // when
            Health health = context.getBean(BusHealthIndicator.class).health();

            // then
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("open_breakers", Map.of("tool-weather", "open"));
        });
    }

    @Test
    void rejectsAPingTimeoutOutOfRangeNamingTheProperty() {
        contexts.withPropertyValues("janus.bus.health.ping-timeout=0s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("janus.bus.health.ping-timeout must be 0.1s..30s, but was 0s"));
    }

    @Test
    void everyBreakerOfTheRegistryIsChartedWithItsKind() {
        // given
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CircuitBreakerRegistry breakers = BusAutoConfiguration.circuitBreakers(dev.janus.bus.config.BusProperties.defaults(),
                meters);

        // when: a group's breaker with the registry's configuration, a provider's with its own
        breakers.circuitBreaker("janus-memory");
        breakers.circuitBreaker("janus-llm-openai", CircuitBreakerConfig.ofDefaults(),
                Map.of(BusAutoConfiguration.BREAKER_KIND, "llm_provider"));

        // then
        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "janus-memory")
                .tag("kind", "consumer_group").gauges()).isNotEmpty();
        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "janus-llm-openai")
                .tag("kind", "llm_provider").gauges()).isNotEmpty();
    }
}
