package dev.janus.bus.health;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code bus} health indicator, in services that have Spring Boot's health support; the services put it in
 * their readiness group ({@code management.endpoint.health.group.readiness.include}).
 */
@AutoConfiguration(after = BusAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(EventBus.class)
@EnableConfigurationProperties(BusHealthProperties.class)
public class BusHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "busHealthIndicator")
    BusHealthIndicator busHealthIndicator(EventBus bus, BusProperties properties,
            CircuitBreakerRegistry janusBusCircuitBreakers, BusHealthProperties health) {
        return new BusHealthIndicator(bus, properties, janusBusCircuitBreakers, health);
    }
}
