package dev.janus.tools.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/** Call outcomes in this JVM, for the in-memory bus; expired entries are dropped as new ones come. Thread-safe. */
public final class InMemoryCallOutcomes implements CallOutcomes {

    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(@Nullable JanusEvent result, Instant expiresAt) {
    }

    public InMemoryCallOutcomes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(String requestId, String callId, Duration retention) {
        String key = key(requestId, callId);
        Entry entry = live(key);
        if (entry != null) {
            JanusEvent result = entry.result();
            return result == null ? Claim.RUNNING : Claim.finished(result);
        }
        evictExpired();
        entries.put(key, new Entry(null, clock.instant().plus(retention)));
        return Claim.WON;
    }

    @Override
    public synchronized void release(String requestId, String callId) {
        String key = key(requestId, callId);
        Entry entry = entries.get(key);
        if (entry != null && entry.result() == null) {
            entries.remove(key);
        }
    }

    @Override
    public synchronized void finish(String requestId, String callId, JanusEvent result, Duration retention) {
        entries.put(key(requestId, callId), new Entry(result, clock.instant().plus(retention)));
    }

    @Override
    public synchronized int forgetUser(String userId) {
        int before = entries.size();
        entries.values().removeIf(entry -> entry.result() != null
                && userId.equals(entry.result().context().userId()));
        return before - entries.size();
    }

    private @Nullable Entry live(String key) {
        Entry entry = entries.get(key);
        if (entry != null && !entry.expiresAt().isAfter(clock.instant())) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    private void evictExpired() {
        Instant now = clock.instant();
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.expiresAt().isAfter(now) && entries.size() < MAX_ENTRIES) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private static String key(String requestId, String callId) {
        return requestId + "\n" + callId;
    }
}
