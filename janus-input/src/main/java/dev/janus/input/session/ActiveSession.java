package dev.janus.input.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.events.SessionType;
import dev.janus.web.security.JanusPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * A conversation as the seed describes it: its type, participants, state, working memory, the ids
 * of its most recent events, and when it was created and last active.
 *
 * @param sessionId the stream id
 * @param sessionType chat, meeting or call
 * @param participants user ids taking part
 * @param state active or ended
 * @param workingMemory small per-session key/value state
 * @param eventBuffer ids of the latest events the client sent, oldest first, at most {@link #EVENT_BUFFER_SIZE}
 * @param createdAt when the session began
 * @param lastActivity when the client last did something
 * @param owner the principal that opened it, the only one (besides admins) that may use it; absent for a session
 *        opened before ownership was recorded, which only admins may use
 */
public record ActiveSession(String sessionId, SessionType sessionType, List<String> participants, SessionState state,
        Map<String, String> workingMemory, List<String> eventBuffer, Instant createdAt, Instant lastActivity,
        @Nullable String owner) {

    /** How many recent event ids a session keeps. */
    public static final int EVENT_BUFFER_SIZE = 50;

    public ActiveSession {
        participants = List.copyOf(participants);
        workingMemory = Map.copyOf(workingMemory);
        eventBuffer = List.copyOf(eventBuffer);
    }

    /** A new active session of {@code owner}. */
    public static ActiveSession open(String sessionId, SessionType type, List<String> participants, Instant now,
            @Nullable String owner) {
        return new ActiveSession(sessionId, type, participants, SessionState.ACTIVE, Map.of(), List.of(), now, now,
                owner);
    }

    /** Whether {@code principal} may use this session: its owner, or an admin. */
    public boolean usableBy(JanusPrincipal principal) {
        return principal.isAdmin() || principal.name().equals(owner);
    }

    /**
     * Whether input from {@code userId} is a participant's: one of the declared ids, or the owner speaking for one
     * ({@link JanusPrincipal#participantUser}).
     */
    public boolean hasParticipant(String userId) {
        return participants.contains(userId) || owner != null
                && participants.stream().anyMatch(participant -> userId.equals(JanusPrincipal.participantUser(owner,
                        participant)));
    }

    /** This session after the client sent event {@code eventId} at {@code now}. */
    public ActiveSession recordActivity(String eventId, Instant now) {
        List<String> buffer = new ArrayList<>(eventBuffer);
        buffer.add(eventId);
        if (buffer.size() > EVENT_BUFFER_SIZE) {
            buffer.subList(0, buffer.size() - EVENT_BUFFER_SIZE).clear();
        }
        return new ActiveSession(sessionId, sessionType, participants, state, workingMemory, buffer, createdAt, now,
                owner);
    }

    /** This session, ended. */
    public ActiveSession ended() {
        return new ActiveSession(sessionId, sessionType, participants, SessionState.ENDED, workingMemory, eventBuffer,
                createdAt, lastActivity, owner);
    }
}
