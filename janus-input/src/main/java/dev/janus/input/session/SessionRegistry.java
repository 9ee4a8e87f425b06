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
     * Applies {@code change} to the stored session and stores the result; empty when there is none, or when the
     * session was removed while {@code change} ran (it is not stored again).
     */
    Optional<ActiveSession> update(String sessionId, UnaryOperator<ActiveSession> change);

    /** Removes the session and returns it; empty when there was none (or another node removed it first). */
    Optional<ActiveSession> remove(String sessionId);

    /** Ids of the active sessions whose last activity is before {@code cutoff}. */
    List<String> idleSince(Instant cutoff);

    /** How many sessions are stored. */
    long count();
}
