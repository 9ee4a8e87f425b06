package dev.janus.input;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.EventPublisher;
import dev.janus.events.Abbreviation;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventLimits;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.events.SessionType;
import dev.janus.events.StreamEnded;
import dev.janus.events.StreamInterrupted;
import dev.janus.events.StreamStarted;
import dev.janus.events.SuggestionFeedback;
import dev.janus.events.TextContent;
import dev.janus.input.session.ActiveSession;
import dev.janus.input.session.SessionRegistry;
import dev.janus.input.session.StreamOwners;
import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.UserMismatchException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way client input enters Janus, whatever the channel: opens and ends sessions and turns
 * messages into {@code input.*} events. Input is validated first; what is rejected is never
 * published. A message to an unknown stream opens a chat session for it.
 *
 * <p>Who may do what is decided here for every channel alike: a stream belongs for life to the principal that
 * first used it ({@link StreamOwners}); a message's user is its principal, unless the principal is an admin or owns
 * the meeting or call stream whose declared participant it names ({@link #userFor}).
 */
public class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** The most session ends this node keeps to publish at its next sweep ({@link #keepUnended}). */
    static final int MAX_ENDS_KEPT = 10_000;

    private final EventPublisher bus;
    private final SessionRegistry sessions;
    private final StreamOwners owners;
    private final InputProperties properties;
    private final Clock clock;
    /** Stream id → reason of the sessions removed whose end neither the bus took nor the registry could keep. */
    private final Map<String, String> endsToPublish = new ConcurrentHashMap<>();

    public Conversations(EventPublisher bus, SessionRegistry sessions, StreamOwners owners, InputProperties properties,
            Clock clock) {
        this.bus = bus;
        this.sessions = sessions;
        this.owners = owners;
        this.properties = properties;
        this.clock = clock;
    }

    /** Opens a session of {@code type} owned by {@code owner} and publishes {@code input.stream.started}. */
    public ActiveSession open(SessionType type, List<String> participants, String channel, JanusPrincipal owner) {
        if (participants.size() > 100) {
            throw new InputRejectedException("too_many_participants",
                    "participants may list at most 100 user ids, but listed " + participants.size());
        }
        for (String participant : participants) {
            requireId("participants[]", participant);
        }
        ActiveSession session = ActiveSession.open(UUID.randomUUID().toString(), type, participants, clock.instant(),
                owner.name());
        owners.claim(session.sessionId(), owner.name());
        sessions.create(session);
        publishStarted(session, JanusEvent.create(EventKeys.INPUT_STREAM_STARTED, session.sessionId(),
                new StreamStarted(type, participants), context(null, channel)));
        return session;
    }

    /**
     * Ends the session and publishes {@code input.stream.ended}; empty when there was no such session. Removing it
     * first makes this node the one that ends it; should the publish fail, the session is stored again (and the
     * failure thrown), so that ending it again (the client's retry, the next idle sweep) publishes the end. Should
     * storing it fail too (Redis is gone), this node keeps the end and publishes it at its next sweep.
     */
    public Optional<ActiveSession> end(String streamId, String reason) {
        Optional<ActiveSession> ended = sessions.remove(streamId);
        ended.ifPresent(session -> {
            try {
                publish(ended(streamId, reason));
            }
            catch (RuntimeException e) {
                keepUnended(session, reason, e);
                throw e;
            }
        });
        return ended;
    }

    private static JanusEvent ended(String streamId, String reason) {
        return JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded(reason), context(null, null));
    }

    private void keepUnended(ActiveSession session, String reason, RuntimeException failure) {
        try {
            sessions.create(session);
        }
        catch (RuntimeException e) {
            failure.addSuppressed(e);
            if (endsToPublish.size() < MAX_ENDS_KEPT) {
                endsToPublish.put(session.sessionId(), reason);
                log.error("Session {} could be neither ended (the bus refused input.stream.ended) nor stored again: "
                        + "this node publishes its end at its next idle sweep", session.sessionId());
            }
            else {
                log.error("Session {} is gone without its input.stream.ended: the bus refused the event, the session "
                        + "could not be stored again and {} other ends wait already", session.sessionId(),
                        MAX_ENDS_KEPT);
            }
        }
    }

    /**
     * Publishes the ends {@link #keepUnended} kept, each unless its stream has a session again (a message reopened it
     * meanwhile: its end would follow the new start; a message that reopens it between this look and the publish is
     * not seen); returns how many it published. The first failure stops it (the bus or Redis is still away: each
     * further try would wait for its own timeout), keeping that end and the rest for the next sweep.
     */
    private int publishKeptEnds() {
        int published = 0;
        for (Map.Entry<String, String> kept : endsToPublish.entrySet()) {
            String streamId = kept.getKey();
            if (sessions.find(streamId).isPresent()) {
                log.info("Stream {} has a session again: the end of its earlier one, kept since the bus refused it, "
                        + "is dropped", streamId);
            }
            else {
                publish(ended(streamId, kept.getValue()));
                published++;
            }
            endsToPublish.remove(streamId, kept.getValue());
        }
        if (published > 0) {
            log.info("Published the end of {} session(s) kept since the bus refused it", published);
        }
        return published;
    }

    /**
     * How {@code principal} stands to the stream: it may use its own (an admin any), never another's, whether or
     * not the stream has a session now; a stream nobody has used is {@link Access#ABSENT}.
     */
    public Access access(String streamId, JanusPrincipal principal) {
        return owner(streamId).map(owner -> principal.mayAccess(owner) ? Access.USABLE : Access.FORBIDDEN)
                .orElse(Access.ABSENT);
    }

    /**
     * Makes the stream {@code principal}'s when nobody has used it yet, then answers as {@link #access} does:
     * never {@link Access#ABSENT}. How every channel attaches to a stream.
     */
    public Access claim(String streamId, JanusPrincipal principal) {
        requireStreamId(streamId);
        Optional<String> known = owner(streamId);
        String owner = known.isPresent() ? known.get() : owners.claim(streamId, principal.name());
        return principal.mayAccess(owner) ? Access.USABLE : Access.FORBIDDEN;
    }

    /** {@link #claim}, refusing another principal's stream with {@link StreamForbiddenException}. */
    public void requireClaim(String streamId, JanusPrincipal principal) {
        if (claim(streamId, principal) == Access.FORBIDDEN) {
            throw new StreamForbiddenException(streamId, principal);
        }
    }

    /**
     * The user {@code principal}'s input on the stream is from: the principal itself when {@code requested} is
     * absent; {@code requested} when it is the principal, or when the principal is an admin (without keys the local
     * caller is one); for a declared participant of a meeting or call stream the principal owns, that participant in
     * the principal's namespace ({@link JanusPrincipal#participantUser}: bob's participant {@code alice} is
     * {@code bob~alice}, never the user alice).
     *
     * @throws UserMismatchException for any other user
     */
    public String userFor(JanusPrincipal principal, @Nullable String requested, String streamId) {
        if (requested == null) {
            return principal.name();
        }
        requireId("user_id", requested);
        if (requested.equals(principal.name()) || principal.isAdmin()) {
            return requested;
        }
        boolean participant = sessions.find(streamId)
                .filter(session -> session.sessionType() != SessionType.CHAT)
                .filter(session -> principal.name().equals(session.owner()))
                .filter(session -> session.participants().contains(requested))
                .isPresent();
        if (!participant) {
            throw new UserMismatchException(principal, requested);
        }
        String user = JanusPrincipal.participantUser(principal.name(), requested);
        if (user.length() > EventLimits.MAX_ID_CHARS) {
            throw new InputRejectedException("invalid_user_id", "participant '" + requested + "' is recorded as user '"
                    + user + "', longer than " + EventLimits.MAX_ID_CHARS + " characters; use a shorter participant id");
        }
        return user;
    }

    /**
     * The stream's owner: its ownership record, or for a session opened before owners were recorded, the session's
     * owner (none: admins only).
     */
    private Optional<String> owner(String streamId) {
        Optional<String> owner = owners.find(streamId);
        if (owner.isPresent()) {
            return owner;
        }
        return sessions.find(streamId).map(session -> session.owner() == null ? ""
                : owners.claim(streamId, session.owner()));
    }

    /** How a principal stands to a stream. */
    public enum Access {
        /** Its own stream, or any stream for an admin. */
        USABLE,
        /** Another principal's stream, whether or not it has a session now. */
        FORBIDDEN,
        /** A stream nobody has used. */
        ABSENT
    }

    /**
     * Accepts a message that Janus derived from another event — the transcript of an utterance — on a stream whose
     * access was checked when its socket connected. Its id derives from {@code cause}, so a redelivered cause
     * enters the message once; it starts a request flow of its own (its correlation id is its id).
     */
    public JanusEvent acceptDerived(JanusEvent cause, String text, @Nullable String userId, String channel) {
        String id = JanusEvent.derivedId(cause.eventId(), EventKeys.INPUT_MESSAGE_RECEIVED);
        return accept(cause.streamId(), text, userId, channel, null, id, event -> { });
    }

    /**
     * Validates a message of {@code principal}, claims the stream for it (another principal's stream is refused with
     * {@link StreamForbiddenException}), decides its user ({@link #userFor}), opens a chat session for a stream
     * without one, and publishes {@code input.message.received}; returns the published event.
     * {@code beforePublish} sees the event first, so a caller can start waiting for its reply before the reply can
     * exist.
     */
    public JanusEvent accept(String streamId, @Nullable String text, @Nullable String requestedUser, String channel,
            JanusPrincipal principal, java.util.function.Consumer<JanusEvent> beforePublish) {
        requireText(text);
        requireClaim(streamId, principal);
        String userId = userFor(principal, requestedUser, streamId);
        return accept(streamId, text, userId, channel, principal.name(), JanusEvent.newId(), beforePublish);
    }

    private JanusEvent accept(String streamId, @Nullable String text, @Nullable String userId, String channel,
            @Nullable String owner, String eventId, java.util.function.Consumer<JanusEvent> beforePublish) {
        text = requireText(text);
        if (userId != null) {
            requireId("user_id", userId);
        }
        JanusEvent event;
        try {
            event = JanusEvent.createWithId(eventId, EventKeys.INPUT_MESSAGE_RECEIVED, streamId, new TextContent(text),
                    context(userId, channel));
        }
        catch (InvalidEventException e) {
            throw new InputRejectedException("invalid_" + e.field(), e.getMessage());
        }
        ensureSession(streamId, userId, channel, owner);
        beforePublish.accept(event);
        publish(event);
        sessions.update(streamId, session -> session.recordActivity(event.eventId(), clock.instant()));
        return event;
    }

    /**
     * Opens a chat session owned by {@code owner} for a stream that has none (publishing {@code input.stream.started});
     * does nothing for a stream that has one.
     */
    public void ensureSession(String streamId, @Nullable String userId, String channel, @Nullable String owner) {
        if (sessions.find(streamId).isPresent()) {
            return;
        }
        ActiveSession session = ActiveSession.open(streamId, SessionType.CHAT,
                userId == null ? List.of() : List.of(userId), clock.instant(), owner);
        if (sessions.create(session)) {
            publishStarted(session, JanusEvent.create(EventKeys.INPUT_STREAM_STARTED, streamId,
                    new StreamStarted(SessionType.CHAT, session.participants()), context(userId, channel)));
        }
    }

    /**
     * Publishes the {@code input.stream.started} of a session just created; when the bus refuses it, the session is
     * removed again (as far as Redis lets it), so that the client's retry starts the stream afresh rather than
     * finding a session whose start was never published.
     */
    private void publishStarted(ActiveSession session, JanusEvent started) {
        try {
            publish(started);
        }
        catch (BusUnavailableException e) {
            try {
                sessions.remove(session.sessionId());
            }
            catch (RuntimeException removal) {
                e.addSuppressed(removal);
                log.warn("Session {} stays without its input.stream.started: the bus refused it and the session "
                        + "could not be removed ({})", session.sessionId(), removal.toString());
            }
            throw e;
        }
    }

    /**
     * Publishes {@code input.stream.interrupted} for the stream: whatever Janus is generating for it stops.
     * Empty when there is no such session.
     *
     * @param reason {@code client} when the client asked, {@code barge_in} when the user spoke over a reply
     */
    public Optional<JanusEvent> interrupt(String streamId, String reason) {
        if (sessions.find(streamId).isEmpty()) {
            return Optional.empty();
        }
        JanusEvent interrupted = JanusEvent.create(EventKeys.INPUT_STREAM_INTERRUPTED, streamId,
                new StreamInterrupted(reason), context(null, null));
        publish(interrupted);
        return Optional.of(interrupted);
    }

    /**
     * Publishes {@code input.suggestion.feedback}: the user accepted or dismissed a suggestion. Empty when there is
     * no such session.
     */
    public Optional<JanusEvent> feedback(String streamId, String suggestionId, @Nullable String feedback,
            @Nullable String userId) {
        if (feedback == null
                || !SuggestionFeedback.ACCEPTED.equals(feedback) && !SuggestionFeedback.DISMISSED.equals(feedback)) {
            throw new InputRejectedException("invalid_feedback", "feedback must be 'accepted' or 'dismissed', but was "
                    + (feedback == null ? "missing" : "'" + Abbreviation.abbreviate(feedback, 20) + "'"));
        }
        requireId("suggestion_id", suggestionId);
        if (sessions.find(streamId).isEmpty()) {
            return Optional.empty();
        }
        JanusEvent event = JanusEvent.create(EventKeys.INPUT_SUGGESTION_FEEDBACK, streamId,
                new SuggestionFeedback(suggestionId, feedback), context(userId, null));
        publish(event);
        return Optional.of(event);
    }

    /**
     * Ends every session idle longer than the configured timeout, after publishing the ends this node kept when
     * neither the bus nor the registry answered; returns how many ends it published. An idle session whose end could
     * not be published does not stop the others: it is kept for the next sweep, and the first such failure is thrown
     * once the others are done.
     */
    public int expireIdleSessions() {
        int keptEnds = 0;
        @Nullable RuntimeException failed = null;
        try {
            keptEnds = publishKeptEnds();
        }
        catch (RuntimeException e) {
            failed = e;
        }
        int idle = 0;
        for (String streamId : sessions.idleSince(clock.instant().minus(properties.sessionIdleTimeout()))) {
            try {
                if (end(streamId, "idle").isPresent()) {
                    idle++;
                }
            }
            catch (RuntimeException e) {
                // the others are still ended; this one is kept and tried again at the next sweep
                failed = failed == null ? e : failed;
            }
        }
        if (idle > 0) {
            log.info("Ended {} idle session(s)", idle);
        }
        if (failed != null) {
            throw failed;
        }
        return keptEnds + idle;
    }

    /** Whether a session exists for the stream. */
    public Optional<ActiveSession> session(String streamId) {
        return sessions.find(streamId);
    }

    private void publish(JanusEvent event) {
        try {
            bus.publish(event).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | CompletionException e) {
            throw new BusUnavailableException("the event bus did not accept " + event.eventType() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        catch (TimeoutException e) {
            throw new BusUnavailableException("the event bus did not accept " + event.eventType() + " within "
                    + PUBLISH_TIMEOUT, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusUnavailableException("interrupted while publishing " + event.eventType(), e);
        }
    }

    /** A valid stream id, or 400 {@code invalid_stream_id}: no owner is ever recorded for an invalid one. */
    public static void requireStreamId(@Nullable String streamId) {
        if (streamId == null || !JanusEvent.isStreamId(streamId)) {
            throw new InputRejectedException("invalid_stream_id", "stream_id must be 1..128 letters, digits and "
                    + ". _ : @ - starting with a letter or digit"
                    + (streamId == null ? ", but was missing" : ""));
        }
    }

    private String requireText(@Nullable String text) {
        if (text == null || !TextContent.isVisible(text)) {
            throw new InputRejectedException("text_empty", "text must not be empty; send {\"text\": \"...\"}");
        }
        if (text.length() > properties.maxTextChars()) {
            throw new InputRejectedException("text_too_long", "text must be at most " + properties.maxTextChars()
                    + " characters (janus.input.max-text-chars), but was " + text.length());
        }
        return text;
    }

    private static void requireId(String field, @Nullable String value) {
        if (value == null || value.isBlank() || value.length() > EventLimits.MAX_ID_CHARS) {
            throw new InputRejectedException("invalid_" + field.replace("[]", ""), field + " must be 1.."
                    + EventLimits.MAX_ID_CHARS + " characters");
        }
    }

    private static EventContext context(@Nullable String userId, @Nullable String channel) {
        return new EventContext(InputConfiguration.COMPONENT, userId, channel, null, Map.of());
    }

    /** The bus did not accept an event; the client may retry. */
    public static class BusUnavailableException extends RuntimeException {

        BusUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
