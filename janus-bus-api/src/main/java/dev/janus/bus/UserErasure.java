package dev.janus.bus;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import dev.janus.events.JanusEvent;

/**
 * Forgets a user in what the bus keeps: their events leave the given conversations (Redis: the type streams and
 * the conversations' indexes) and the dead-letter queue, and a tombstone makes the bus refuse their events dated
 * before the erasure from then on — a late duplicate, a retried publish or a replayed dead letter is neither
 * written nor delivered to any handler. New events of the user pass (they are remembered again). Thread-safe;
 * blocks while it deletes.
 */
public interface UserErasure {

    /**
     * Erases {@code userId} as of {@code erasedAt} from {@code streamIds} and the dead-letter queue.
     *
     * @return what was removed
     */
    Erased eraseUser(String userId, Instant erasedAt, Collection<String> streamIds);

    /** When the user was erased, if ever (the latest erasure). */
    Optional<Instant> erasedAt(String userId);

    /**
     * Whether {@code event} is of an erased user and dated before their erasure: for a component that kept such an
     * event itself (a scheduled check) and must not act on it any more.
     */
    default boolean isErased(JanusEvent event) {
        String userId = event.context().userId();
        return userId != null && erasedAt(userId).map(event.timestamp()::isBefore).orElse(false);
    }

    /**
     * What an erasure removed.
     *
     * @param events the user's events taken out of the conversations
     * @param deadLetters the user's dead letters deleted
     */
    record Erased(int events, int deadLetters) {
    }
}
