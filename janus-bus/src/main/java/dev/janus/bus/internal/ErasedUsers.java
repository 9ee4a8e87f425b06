package dev.janus.bus.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * The users erased so far, with when: an event of such a user dated before their erasure is refused on publish and
 * skipped on delivery. Checked for every event, so a lookup in a map (nothing when nobody was erased).
 */
public final class ErasedUsers {

    private final Map<String, Instant> erased = new ConcurrentHashMap<>();

    /** Records an erasure; the latest one counts. */
    public void erased(String userId, Instant at) {
        erased.merge(userId, at, (known, later) -> later.isAfter(known) ? later : known);
    }

    /** Takes in every erasure another instance recorded (the engine's shared list). */
    public void mergeAll(Map<String, Instant> known) {
        known.forEach(this::erased);
    }

    public Optional<Instant> erasedAt(String userId) {
        return Optional.ofNullable(erased.get(userId));
    }

    /** Whether {@code event} is of an erased user and older than their erasure. */
    public boolean covers(@Nullable JanusEvent event) {
        if (event == null || erased.isEmpty()) {
            return false;
        }
        String userId = event.context().userId();
        if (userId == null) {
            return false;
        }
        Instant at = erased.get(userId);
        return at != null && event.timestamp().isBefore(at);
    }
}
