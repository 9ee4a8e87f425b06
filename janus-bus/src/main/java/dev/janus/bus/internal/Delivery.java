package dev.janus.bus.internal;

import java.util.List;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * One event on its way to one consumer group's handler, with where it came from and how it is
 * settled.
 *
 * @param event the event
 * @param originStream the stream it was read from ({@code memory} for the in-memory engine)
 * @param originId its entry id in that stream, when it has one
 * @param redelivered whether another consumer may have handled it before (Redis: reclaimed)
 * @param settlement told once how the delivery ended
 * @param attempts handler attempts made so far
 * @param history earlier failures, when the event was replayed from the dead-letter queue
 * @param redisWaits how often it waited for Redis, after failures that Redis's outage explained (no attempt spent)
 */
public record Delivery(JanusEvent event, String originStream, @Nullable String originId,
        boolean redelivered, Settlement settlement, int attempts, List<String> history, int redisWaits)
        implements Arrival {

    public Delivery {
        history = List.copyOf(history);
    }

    /** A delivery that has not waited for Redis yet. */
    public Delivery(JanusEvent event, String originStream, @Nullable String originId, boolean redelivered,
            Settlement settlement, int attempts, List<String> history) {
        this(event, originStream, originId, redelivered, settlement, attempts, history, 0);
    }

    /** A first delivery of an event that was not replayed. */
    public Delivery(JanusEvent event, String originStream, @Nullable String originId, boolean redelivered,
            Settlement settlement) {
        this(event, originStream, originId, redelivered, settlement, 0, List.of());
    }

    @Override
    public String laneKey() {
        return event.streamId();
    }

    @Override
    public Delivery delivery() {
        return this;
    }

    @Override
    public void abandon() {
        settlement.settled(this, Outcome.ABANDONED);
    }

    /** This delivery after one more failed attempt. */
    Delivery failedOnce() {
        return new Delivery(event, originStream, originId, redelivered, settlement, attempts + 1, history,
                redisWaits);
    }

    /** This delivery after one more wait for Redis. */
    Delivery waitedForRedis() {
        return new Delivery(event, originStream, originId, redelivered, settlement, attempts, history,
                redisWaits + 1);
    }

    /** How a delivery ended; the engine acknowledges, or leaves the entry for redelivery. */
    public enum Outcome {
        /** The handler succeeded: acknowledge and remember the event id. */
        HANDLED,
        /** The group had handled this event id already: acknowledge without handling. */
        DUPLICATE,
        /** All attempts failed and the event is in the dead-letter queue: acknowledge. */
        DEAD_LETTERED,
        /** Not finished (shutdown, or the dead-letter write failed): leave it for redelivery. */
        ABANDONED
    }

    /** Receives the outcome of a delivery, exactly once. */
    @FunctionalInterface
    public interface Settlement {

        void settled(Delivery delivery, Outcome outcome);
    }
}
