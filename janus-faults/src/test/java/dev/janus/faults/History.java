package dev.janus.faults;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.EventHandler;
import dev.janus.bus.EventPublisher;
import dev.janus.events.JanusEvent;

/**
 * The history a fault case is checked against: every publish the bus acknowledged (and when), every attempt to
 * handle an event, and every effect — a handler that ran to its end — counted raw, as many times as it happened.
 * {@link #verdict} compares them: acknowledged ⊆ handled is the at-least-once promise; effects beyond one per event
 * are the duplicates the bus let through to a handler (which Janus's handlers absorb, being idempotent on the event
 * id), counted so a case can say how many its fault may cost.
 */
final class History {

    private final Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

    /** Publishes and records whether the bus acknowledged it; never throws. */
    boolean publish(EventPublisher bus, JanusEvent event) {
        try {
            bus.publish(event).join();
            acknowledged.put(event.eventId(), Instant.now());
            return true;
        }
        catch (RuntimeException e) {
            refused.add(event.eventId());
            return false;
        }
    }

    /** Records a publish acknowledged elsewhere (an asynchronous publish that completed). */
    void acknowledge(String eventId) {
        acknowledged.put(eventId, Instant.now());
    }

    /** A handler that records the attempt and the effect. */
    EventHandler handler() {
        return event -> {
            attempted(event.eventId());
            applied(event.eventId());
        };
    }

    void attempted(String eventId) {
        attempts.computeIfAbsent(eventId, unused -> new AtomicInteger()).incrementAndGet();
    }

    /** A handler ran to its end for the event: counted every time. */
    void applied(String eventId) {
        effects.computeIfAbsent(eventId, unused -> new AtomicInteger()).incrementAndGet();
    }

    /** Records attempts and effects counted elsewhere (a consumer in another process). */
    void recordFromLedger(Map<String, String> attemptsById, Map<String, String> effectsById) {
        attemptsById.forEach((id, count) -> attempts.computeIfAbsent(id, unused -> new AtomicInteger())
                .addAndGet(Integer.parseInt(count)));
        effectsById.forEach((id, count) -> effects.computeIfAbsent(id, unused -> new AtomicInteger())
                .addAndGet(Integer.parseInt(count)));
    }

    int effects(String eventId) {
        AtomicInteger count = effects.get(eventId);
        return count == null ? 0 : count.get();
    }

    Map<String, Instant> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    int refusedCount() {
        return refused.size();
    }

    boolean handledEveryAcknowledged() {
        return effects.keySet().containsAll(acknowledged.keySet());
    }

    int attempts(String eventId) {
        AtomicInteger count = attempts.get(eventId);
        return count == null ? 0 : count.get();
    }

    /** The comparison, with the events known to be dead-lettered counted as handled. */
    Verdict verdict(Set<String> deadLettered) {
        Set<String> lost = new HashSet<>(acknowledged.keySet());
        lost.removeAll(effects.keySet());
        lost.removeAll(deadLettered);
        int totalEffects = effects.values().stream().mapToInt(AtomicInteger::get).sum();
        int maxEffects = effects.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        return new Verdict(acknowledged.size(), refused.size(), effects.size(), totalEffects - effects.size(),
                maxEffects, Set.copyOf(lost));
    }

    /**
     * What a fault case ended with.
     *
     * @param acknowledged publishes the bus acknowledged
     * @param refused publishes the bus refused (the publisher was told; not a loss)
     * @param handled distinct events handled
     * @param duplicates effects beyond each event's first: handlers that ran to their end for an event again
     * @param maxEffectsPerEvent the most times handlers ran to their end for one event
     * @param lost acknowledged events neither handled nor dead-lettered
     */
    record Verdict(int acknowledged, int refused, int handled, int duplicates, int maxEffectsPerEvent,
            Set<String> lost) {

        @Override
        public String toString() {
            return "acknowledged " + acknowledged + ", refused " + refused + ", handled " + handled + ", duplicates "
                    + duplicates + ", max effects per event " + maxEffectsPerEvent + ", lost " + lost.size();
        }
    }
}
