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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Puts each circuit breaker of the registry in Micrometer as it is added: the gauges
 * {@code resilience4j_circuitbreaker_state{name,kind,state}} and {@code resilience4j_circuitbreaker_failure_rate}, with
 * Resilience4j's names and the breaker's tags, and for the breakers of LLM providers and tools a count of their calls
 * by outcome, {@code janus_breaker_calls_total{name,kind,outcome}} ({@code successful}, {@code failed},
 * {@code ignored}, {@code not_permitted}).
 * <p>
 * Resilience4j's own binding is not used: it tags its call metrics with {@code kind} for the outcome, which the
 * breakers' {@code kind} tag overwrote, so a tool's successful and failed calls fell into one timer (and the second
 * {@code buffered_calls} gauge was refused). And for a consumer group every call is an event handled: the binding
 * created an event object and recorded a timer per event (3 % of a Redis consumer lane's CPU), for a figure
 * {@code janus_event_processing_seconds} gives already, so a group's breaker shows its gauges only. A gauge is read at
 * the scrape and costs the handling nothing.
 */
final class BreakerMeters implements RegistryEventConsumer<CircuitBreaker> {

    private final MeterRegistry meters;
    private final Map<String, List<Meter>> registeredByBreaker = new ConcurrentHashMap<>();

    BreakerMeters(MeterRegistry meters) {
        this.meters = meters;
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
        if (!isConsumerGroup(breaker)) {
            Counter successful = calls(tags, "successful", registered);
            Counter failed = calls(tags, "failed", registered);
            Counter ignored = calls(tags, "ignored", registered);
            Counter notPermitted = calls(tags, "not_permitted", registered);
            breaker.getEventPublisher()
                    .onSuccess(event -> successful.increment())
                    .onError(event -> failed.increment())
                    .onIgnoredError(event -> ignored.increment())
                    .onCallNotPermitted(event -> notPermitted.increment());
        }
        registeredByBreaker.put(breaker.getName(), registered);
    }

    private Counter calls(Tags tags, String outcome, List<Meter> registered) {
        Counter counter = Counter.builder("janus.breaker.calls")
                .description("Calls through the circuit breaker of an LLM provider or a tool, by outcome")
                .tags(tags.and("outcome", outcome))
                .register(meters);
        registered.add(counter);
        return counter;
    }

    private void remove(CircuitBreaker breaker) {
        List<Meter> registered = registeredByBreaker.remove(breaker.getName());
        if (registered != null) {
            registered.forEach(meters::remove);
        }
    }

    private static boolean isConsumerGroup(CircuitBreaker breaker) {
        String kind = breaker.getTags().get(BusAutoConfiguration.BREAKER_KIND);
        return BusAutoConfiguration.CONSUMER_GROUP_KIND.equals(kind);
    }
}
