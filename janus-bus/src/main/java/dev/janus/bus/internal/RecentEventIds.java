package dev.janus.bus.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The event ids a consumer group handled most recently in this JVM, so a repeat is skipped without
 * asking Redis. A fixed ring of ids evicts the oldest; lock-free.
 */
public final class RecentEventIds {

    private final ConcurrentHashMap<String, Boolean> ids;
    private final AtomicReferenceArray<String> ring;
    private final AtomicLong next = new AtomicLong();
    private final boolean enabled;

    /** Remembers up to {@code capacity} ids; 0 remembers none. */
    public RecentEventIds(int capacity) {
        this.enabled = capacity > 0;
        this.ids = new ConcurrentHashMap<>(Math.max(16, Math.min(capacity, 1 << 16)));
        this.ring = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    /** Whether the id was recorded and not yet evicted. */
    public boolean contains(String eventId) {
        return enabled && ids.containsKey(eventId);
    }

    /** Records the id, evicting the oldest when full. */
    public void add(String eventId) {
        if (!enabled || ids.putIfAbsent(eventId, Boolean.TRUE) != null) {
            return;
        }
        int slot = (int) (next.getAndIncrement() % ring.length());
        String evicted = ring.getAndSet(slot, eventId);
        if (evicted != null) {
            ids.remove(evicted);
        }
    }
}
