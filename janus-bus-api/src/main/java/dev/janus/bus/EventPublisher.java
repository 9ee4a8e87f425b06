package dev.janus.bus;

import java.util.concurrent.CompletableFuture;

import dev.janus.events.JanusEvent;

/**
 * Publishes events to the bus. Thread-safe. Does not wait for handlers; the in-memory engine blocks
 * only while a consumer group is full (backpressure), up to {@code janus.bus.shutdown-timeout}.
 */
public interface EventPublisher {

    /**
     * Publishes the event to every consumer group subscribed to its type. The future completes when
     * the bus has accepted the event (Redis: the XADD was acknowledged), and fails with
     * {@link PublishException} when it could not.
     */
    CompletableFuture<Void> publish(JanusEvent event);
}
