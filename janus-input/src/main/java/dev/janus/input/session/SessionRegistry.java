package dev.janus.input.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where sessions live: in this JVM, or in Redis so that every input node sees every session.
 * Thread-safe.
 */
public interface SessionRegistry {

    /** Stores a new session; false when one with that id exists already. */
    boolean create(ActiveSession session);

    /** The session with this id, if there is one. */
    Optional<ActiveSession> find(String sessionId);

    /**
     * Applies {@code change} to the stored session and stores the result, atomically: an update made meanwhile is
     * kept, and a session removed meanwhile is not stored again. Empty when there is no session (any more).
     * {@code change} may be applied more than once, when the session changed while it ran, so it must not have side
     * effects or use the registry.
     */
    Optional<ActiveSession> update(String sessionId, UnaryOperator<ActiveSession> change);

    /** Removes the session and returns it; empty when there was none (or another node removed it first). */
    Optional<ActiveSession> remove(String sessionId);

    /** Ids of the active sessions whose last activity is before {@code cutoff}. */
    List<String> idleSince(Instant cutoff);

    /** How many sessions are stored. */
    long count();
}
