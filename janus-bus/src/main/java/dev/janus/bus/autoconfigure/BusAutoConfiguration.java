package dev.janus.bus.autoconfigure;

import java.util.Map;

import dev.janus.bus.EventBus;
import dev.janus.bus.config.BusProperties;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventRegistry;
import dev.janus.redis.SharedRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Creates the {@link EventBus}: the in-memory engine by default, Redis Streams with
 * {@code janus.bus.type=redis}. Uses the application's {@link MeterRegistry} and
 * {@link OpenTelemetry} when there are any.
 */
@AutoConfiguration
@EnableConfigurationProperties(BusProperties.class)
public class BusAutoConfiguration {

    /** The tag that says what a circuit breaker guards: {@code consumer_group}, {@code llm_provider}, {@code tool}. */
    public static final String BREAKER_KIND = "kind";

    /** The {@link #BREAKER_KIND} of a consumer group's breaker. */
    static final String CONSUMER_GROUP_KIND = "consumer_group";

    /**
     * The {@link ComponentEvents} the components' configurations declare, merged: in the all-in-one app every
     * component's, in a single service its own.
     */
    @Bean
    @ConditionalOnMissingBean
    EventRegistry janusEventRegistry(ObjectProvider<ComponentEvents> declarations) {
        return new EventRegistry(declarations.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    BusMetrics janusBusMetrics(ObjectProvider<MeterRegistry> registry) {
        return new BusMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Tags every meter with {@code application} (the service's {@code spring.application.name}), so one
     * Prometheus sees which component a series comes from; {@code management.metrics.tags.application}
     * takes over when set.
     */
    @Bean
    MeterFilter janusApplicationTag(Environment environment) {
        if (environment.containsProperty("management.metrics.tags.application")) {
            return new MeterFilter() {
                // Boot's own common tag applies
            };
        }
        return MeterFilter.commonTags(Tags.of("application", environment.getProperty("spring.application.name", "janus")));
    }

    @Bean
    @ConditionalOnMissingBean
    BusTracing janusBusTracing(ObjectProvider<OpenTelemetry> openTelemetry, Environment environment) {
        return new BusTracing(openTelemetry.getIfAvailable(OpenTelemetry::noop), environment.getProperty(
                "management.tracing.sampling.probability", Double.class, BusTracing.DEFAULT_PROBABILITY));
    }

    @Bean
    @ConditionalOnMissingBean(name = "janusBusCircuitBreakers")
    CircuitBreakerRegistry janusBusCircuitBreakers(BusProperties properties, BusMetrics metrics) {
        return circuitBreakers(properties, metrics.registry());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(EventBus.class)
    @ConditionalOnMemoryBus
    InMemoryEventBus inMemoryEventBus(BusProperties properties, BusMetrics metrics, BusTracing tracing,
            CircuitBreakerRegistry janusBusCircuitBreakers) {
        return new InMemoryEventBus(properties, metrics, tracing, janusBusCircuitBreakers);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(EventBus.class)
    @ConditionalOnRedisBus
    RedisEventBus redisEventBus(BusProperties properties, BusMetrics metrics, BusTracing tracing,
            CircuitBreakerRegistry janusBusCircuitBreakers) {
        return new RedisEventBus(properties, metrics, tracing, janusBusCircuitBreakers);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnRedisBus
    SharedRedis sharedRedis(BusProperties properties) {
        return new SharedRedis(properties.redis().connection());
    }

    /**
     * The service's one registry of circuit breakers, bound to Micrometer ({@code resilience4j_circuitbreaker_*}
     * with tags {@code name}, {@code kind}): one breaker per consumer group ({@code kind=consumer_group}, configured
     * from {@code janus.bus.circuit-breaker}); the LLM providers ({@code kind=llm_provider}) and tools
     * ({@code kind=tool}) add theirs, with their own configuration, under their own kind.
     */
    public static CircuitBreakerRegistry circuitBreakers(BusProperties properties, MeterRegistry meters) {
        BusProperties.CircuitBreaker settings = properties.circuitBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .slidingWindowSize(settings.slidingWindowSize())
                .waitDurationInOpenState(settings.waitInOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        return CircuitBreakerRegistry.custom()
                .withCircuitBreakerConfig(config)
                .withTags(Map.of(BREAKER_KIND, CONSUMER_GROUP_KIND))
                .addRegistryEventConsumer(new BreakerMeters(meters))
                .build();
    }
}
