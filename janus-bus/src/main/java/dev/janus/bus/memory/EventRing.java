package dev.janus.bus.memory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

import dev.janus.events.JanusEvent;

/**
 * The last events published, for debugging and replay, without a lock: each publish takes the next publish number
 * and writes its slot in a ring, the newest overwriting the oldest. A reader walks the publish numbers and skips a
 * slot overwritten meanwhile, or not written yet by a publisher that took its number a moment ago. Thread-safe.
 */
final class EventRing {

    private final AtomicReferenceArray<Sequenced> slots;
    private final AtomicLong published = new AtomicLong();

    /** A ring of {@code capacity} events; 0 keeps none. */
    EventRing(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Keeps the event as the newest. */
    void add(JanusEvent event) {
        if (slots.length() == 0) {
            return;
        }
        long sequence = published.incrementAndGet();
        slots.set(slot(sequence), new Sequenced(sequence, event));
    }

    /** Visits the kept events newest first while {@code visitor} answers true. */
    void newestFirst(Predicate<Sequenced> visitor) {
        long newest = published.get();
        for (long sequence = newest; sequence > 0 && sequence > newest - slots.length(); sequence--) {
            Sequenced entry = slots.get(slot(sequence));
            if (entry != null && entry.sequence() == sequence && !visitor.test(entry)) {
                return;
            }
        }
    }

    /** Visits the kept events published after number {@code after}, oldest first, while {@code visitor} answers true. */
    void oldestFirstAfter(long after, Predicate<Sequenced> visitor) {
        long newest = published.get();
        for (long sequence = Math.max(after + 1, newest - slots.length() + 1); sequence <= newest; sequence++) {
            Sequenced entry = slots.get(slot(sequence));
            if (entry != null && entry.sequence() == sequence && !visitor.test(entry)) {
                return;
            }
        }
    }

    /** Forgets every kept event that {@code erase} picks; returns how many. */
    int removeIf(Predicate<JanusEvent> erase) {
        int removed = 0;
        for (int slot = 0; slot < slots.length(); slot++) {
            Sequenced entry = slots.get(slot);
            if (entry != null && erase.test(entry.event()) && slots.compareAndSet(slot, entry, null)) {
                removed++;
            }
        }
        return removed;
    }

    private int slot(long sequence) {
        return (int) (sequence % slots.length());
    }

    /** An event with its publish number, the cursor of conversation pages. */
    record Sequenced(long sequence, JanusEvent event) {
    }
}
