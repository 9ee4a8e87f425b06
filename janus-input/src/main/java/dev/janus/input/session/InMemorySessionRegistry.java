package dev.janus.input.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Sessions in this JVM, for the in-memory bus. */
public final class InMemorySessionRegistry implements SessionRegistry {

    private final Map<String, ActiveSession> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean create(ActiveSession session) {
        return sessions.putIfAbsent(session.sessionId(), session) == null;
    }

    @Override
    public Optional<ActiveSession> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public Optional<ActiveSession> update(String sessionId, UnaryOperator<ActiveSession> change) {
        return Optional.ofNullable(sessions.computeIfPresent(sessionId, (id, session) -> change.apply(session)));
    }

    @Override
    public Optional<ActiveSession> remove(String sessionId) {
        return Optional.ofNullable(sessions.remove(sessionId));
    }

    @Override
    public List<String> idleSince(Instant cutoff) {
        return sessions.values().stream()
                .filter(session -> session.state() == SessionState.ACTIVE && session.lastActivity().isBefore(cutoff))
                .map(ActiveSession::sessionId)
                .toList();
    }

    @Override
    public long count() {
        return sessions.size();
    }
}
