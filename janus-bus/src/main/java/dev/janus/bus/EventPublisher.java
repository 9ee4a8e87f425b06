package dev.janus.bus;

import java.util.concurrent.CompletableFuture;

import dev.janus.events.JanusEvent;

/** Publishes events to the bus. Thread-safe; never blocks for long. */
public interface EventPublisher {

    /**
     * Publishes the event to every consumer group subscribed to its type. The future completes when
     * the bus has accepted the event (Redis: the XADD was acknowledged), and fails with
     * {@link PublishException} when it could not.
     */
    CompletableFuture<Void> publish(JanusEvent event);
}
