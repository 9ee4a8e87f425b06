package dev.janus.bus;

import dev.janus.events.JanusEvent;

/**
 * Handles one event for a consumer group. Called on a bus worker thread; events of one stream
 * reach a handler in publish order on first delivery. Because delivery is at-least-once, a handler
 * must tolerate seeing an event again (the bus filters repeats by {@code eventId} per group, but a
 * crash between handling and acknowledging can still repeat one). Throwing makes the bus retry
 * with backoff and, after the last attempt, dead-letter the event.
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles the event; may block; throws to signal failure. */
    void on(JanusEvent event) throws Exception;
}
