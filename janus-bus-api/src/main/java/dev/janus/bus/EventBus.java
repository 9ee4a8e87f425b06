package dev.janus.bus;

/**
 * The bus components talk through: publish and subscribe, with at-least-once delivery per consumer
 * group, retries with backoff, a dead-letter queue, a circuit breaker per group, metrics and trace
 * propagation. Inject the narrower {@link EventPublisher} or {@link EventSubscriber} where that is
 * all a class needs.
 */
public interface EventBus extends EventPublisher, EventSubscriber {
}
