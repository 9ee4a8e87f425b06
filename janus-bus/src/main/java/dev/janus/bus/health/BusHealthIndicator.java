package dev.janus.bus.health;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventBus;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.bus.redis.SubscriptionState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The bus as the readiness probe sees it ({@code bus} in {@code /actuator/health}). On Redis it is UP when Redis
 * answers {@code PING} within {@code janus.bus.health.ping-timeout} and every subscription of this instance went
 * round its reading loop without an error within {@code block + command-timeout + 1 s}; DOWN otherwise, naming the
 * subscriptions that are not reading. The in-memory engine is always UP. Details, whatever the status: the lag of
 * the consumer groups on the streams this instance reads, and every circuit breaker that is not closed (consumer
 * groups, LLM providers, tools: they all live in one registry), with its state.
 */
public final class BusHealthIndicator implements HealthIndicator {

    private static final Duration READ_MARGIN = Duration.ofSeconds(1);

    private final EventBus bus;
    private final CircuitBreakerRegistry breakers;
    private final Duration pingTimeout;
    private final Duration readWindow;

    public BusHealthIndicator(EventBus bus, BusProperties properties, CircuitBreakerRegistry breakers,
            BusHealthProperties health) {
        this.bus = bus;
        this.breakers = breakers;
        this.pingTimeout = health.pingTimeout();
        this.readWindow = properties.redis().block().plus(properties.redis().commandTimeout()).plus(READ_MARGIN);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (bus instanceof RedisEventBus redis) {
            health.withDetail("engine", "redis");
            checkRedis(redis, health);
        }
        else {
            health.withDetail("engine", "memory");
        }
        Map<String, String> open = new TreeMap<>();
        for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
            CircuitBreaker.State state = breaker.getState();
            if (state != CircuitBreaker.State.CLOSED && state != CircuitBreaker.State.DISABLED
                    && state != CircuitBreaker.State.METRICS_ONLY) {
                open.put(breaker.getName(), state.name().toLowerCase(Locale.ROOT));
            }
        }
        return health.withDetail("open_breakers", open).build();
    }

    private void checkRedis(RedisEventBus redis, Health.Builder health) {
        try {
            redis.ping(pingTimeout);
            health.withDetail("redis", "PONG");
        }
        catch (IllegalStateException e) {
            health.down().withDetail("redis", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        List<SubscriptionState> states = redis.subscriptionStates(readWindow);
        List<String> stalled = states.stream().filter(state -> !state.reading())
                .map(state -> state.name() + " (" + state.pattern() + ")").toList();
        health.withDetail("subscriptions", states.size());
        if (!stalled.isEmpty()) {
            health.down().withDetail("not_reading", stalled);
        }
        health.withDetail("lag", redis.streamLag());
    }
}
