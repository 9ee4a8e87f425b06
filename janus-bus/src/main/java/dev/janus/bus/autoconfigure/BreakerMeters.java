package dev.janus.bus.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Puts each circuit breaker of the registry in Micrometer as it is added: Resilience4j's own metrics for the
 * breakers of LLM providers and tools, and only gauges — {@code resilience4j_circuitbreaker_state} and
 * {@code resilience4j_circuitbreaker_failure_rate}, with the same names and tags — for a consumer group's. Resilience4j's
 * binding times every call through the breaker's event stream; for a consumer group every call is an event handled,
 * so it created an event object and recorded a timer per event (3 % of a Redis consumer lane's CPU), for a figure
 * {@code janus_event_processing_seconds} gives already. A gauge is read at the scrape and costs the handling nothing.
 */
final class BreakerMeters implements RegistryEventConsumer<CircuitBreaker> {

    private final MeterRegistry meters;
    private final TaggedCircuitBreakerMetricsPublisher resilience4j;
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    BreakerMeters(MeterRegistry meters) {
        this.meters = meters;
        this.resilience4j = new TaggedCircuitBreakerMetricsPublisher(meters);
    }

    @Override
    public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> added) {
        publish(added.getAddedEntry());
    }

    @Override
    public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> removed) {
        remove(removed.getRemovedEntry());
    }

    @Override
    public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> replaced) {
        remove(replaced.getOldEntry());
        publish(replaced.getNewEntry());
    }

    private void publish(CircuitBreaker breaker) {
        if (!isConsumerGroup(breaker)) {
            resilience4j.publishMetrics(breaker);
            return;
        }
        Tags tags = Tags.of("name", breaker.getName());
        for (Map.Entry<String, String> tag : breaker.getTags().entrySet()) {
            tags = tags.and(tag.getKey(), tag.getValue());
        }
        List<Meter> registered = new ArrayList<>();
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            registered.add(Gauge.builder("resilience4j.circuitbreaker.state", breaker,
                    b -> b.getState() == state ? 1 : 0)
                    .description("The states of the circuit breaker")
                    .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
                    .register(meters));
        }
        registered.add(Gauge.builder("resilience4j.circuitbreaker.failure.rate", breaker,
                b -> b.getMetrics().getFailureRate())
                .description("The failure rate of the circuit breaker")
                .tags(tags)
                .register(meters));
        gauges.put(breaker.getName(), registered);
    }

    private void remove(CircuitBreaker breaker) {
        if (!isConsumerGroup(breaker)) {
            resilience4j.removeMetrics(breaker);
            return;
        }
        List<Meter> registered = gauges.remove(breaker.getName());
        if (registered != null) {
            registered.forEach(meters::remove);
        }
    }

    private static boolean isConsumerGroup(CircuitBreaker breaker) {
        String kind = breaker.getTags().get(BusAutoConfiguration.BREAKER_KIND);
        return BusAutoConfiguration.CONSUMER_GROUP_KIND.equals(kind);
    }
}
