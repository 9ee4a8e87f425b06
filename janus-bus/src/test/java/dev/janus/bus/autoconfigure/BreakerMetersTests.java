package dev.janus.bus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.config.BusProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class BreakerMetersTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakerRegistry breakers = BusAutoConfiguration.circuitBreakers(BusProperties.defaults(),
            meters);

    @Test
    void aConsumerGroupsBreakerShowsItsStateAndFailureRateButTimesNoCall() {
        CircuitBreaker group = breakers.circuitBreaker("janus-memory");
        group.onSuccess(1, TimeUnit.MILLISECONDS);

        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "janus-memory", "kind",
                "consumer_group", "state", "closed").gauge().value()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "janus-memory", "state", "open")
                .gauge().value()).isZero();
        assertThat(meters.find("resilience4j.circuitbreaker.failure.rate").tags("name", "janus-memory").gauge())
                .isNotNull();
        assertThat(meters.find("resilience4j.circuitbreaker.calls").tags("name", "janus-memory").timers()).isEmpty();

        group.transitionToOpenState();
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "janus-memory", "state", "open")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void aToolsBreakerCountsItsCallsByOutcomeBesideItsKind() {
        CircuitBreaker tool = breakers.circuitBreaker("tool-calculator", CircuitBreakerConfig.ofDefaults(),
                Map.of(BusAutoConfiguration.BREAKER_KIND, "tool"));
        tool.onSuccess(1, TimeUnit.MILLISECONDS);
        tool.onSuccess(1, TimeUnit.MILLISECONDS);
        tool.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("tool failed"));

        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "tool-calculator", "kind", "tool",
                "state", "closed").gauge().value()).isEqualTo(1);
        assertThat(meters.get("janus.breaker.calls").tags("name", "tool-calculator", "kind", "tool", "outcome",
                "successful").counter().count()).isEqualTo(2);
        assertThat(meters.get("janus.breaker.calls").tags("name", "tool-calculator", "kind", "tool", "outcome",
                "failed").counter().count()).isEqualTo(1);
    }

    @Test
    void aRemovedGroupsGaugesGoWithIt() {
        breakers.circuitBreaker("janus-tools");
        breakers.remove("janus-tools");

        assertThat(meters.find("resilience4j.circuitbreaker.state").tags("name", "janus-tools").gauges()).isEmpty();
    }
}
