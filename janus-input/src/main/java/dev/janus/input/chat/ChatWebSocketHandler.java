package dev.janus.input.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.janus.bus.EventLogContext;
import dev.janus.events.Abbreviation;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.Conversations;
import dev.janus.input.InputRejectedException;
import dev.janus.input.StreamForbiddenException;
import dev.janus.input.StreamHandshake;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.delivery.Frame;
import dev.janus.redis.RedisOutage;
import dev.janus.web.security.EdgeExceptionHandler;
import dev.janus.web.security.PrincipalRateLimiter;
import dev.janus.web.security.UserMismatchException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@code /ws/chat?stream_id=...}: the client sends {@code {"type":"message","text":"..."}} frames
 * (text, or binary holding UTF-8 JSON), and {@code {"type":"interrupt"}} to stop the reply being generated
 * ({@code input.stream.interrupted}, reason {@code client}), and
 * {@code {"type":"feedback","suggestion_id":"...","feedback":"accepted|dismissed"}} to answer a suggestion; it
 * receives {@code accepted}, {@code delta}, {@code response}, {@code tool_progress}, {@code suggestion},
 * {@code interrupted} and {@code error} frames. Bad input gets an error frame; the session stays open. Who may
 * open the socket on which stream is decided by {@link StreamHandshake} before it opens; each message frame is then
 * checked again as a REST post is (a {@code user_id} other than the socket's user needs the same rights).
 */
public class ChatWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatWebSocketHandler.class);
    private static final String LIVE = "janus.live";

    private final Conversations conversations;
    private final ClientConnections connections;
    private final PrincipalRateLimiter limiter;
    private final int maxFrameBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    public ChatWebSocketHandler(Conversations conversations, ClientConnections connections,
            PrincipalRateLimiter limiter, int maxFrameBytes) {
        this.conversations = conversations;
        this.connections = connections;
        this.limiter = limiter;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // StreamHandshake checked the principal, the stream and the user before the socket opened
        String streamId = StreamHandshake.streamId(session);
        WebSocketSession live = new ConcurrentWebSocketSessionDecorator(session, 10_000, 4 * maxFrameBytes);
        session.getAttributes().put(LIVE, live);
        connections.add(streamId, live);
    }

    /**
     * Every frame but a pong takes a token of the principal's rate limit, as a REST request does: over it, the answer
     * is an error frame {@code rate_limited} saying when to send again, and the frame is not read.
     */
    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        if (!(message instanceof PongMessage)) {
            Optional<PrincipalRateLimiter.Refusal> refusal = limiter.acquire(StreamHandshake.principal(session).name());
            if (refusal.isPresent()) {
                reply(session, new Frame.Error("rate_limited", refusal.get().message()));
                return;
            }
        }
        super.handleMessage(session, message);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        handle(session, message.getPayload());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message.getPayload().array(), message.getPayload().arrayOffset(),
                            message.getPayloadLength()))
                    .toString();
            handle(session, text);
        }
        catch (CharacterCodingException e) {
            reply(session, new Frame.Error("invalid_utf8", "frames must be UTF-8 JSON; this binary frame is not UTF-8"));
        }
    }

    /**
     * Answers one frame; while Redis is out of reach (the bus, or the sessions and owners beside it) the answer is an
     * error frame {@code bus_unavailable} and the socket stays open, so the client can send the frame again.
     */
    private void handle(WebSocketSession session, String payload) {
        String streamId = StreamHandshake.streamId(session);
        try (var logged = MDC.putCloseable(EventLogContext.STREAM_ID, streamId)) {
            dispatch(session, streamId, payload);
        }
        catch (InputRejectedException e) {
            reply(session, Frame.Error.of(e.code(), e.getMessage()));
        }
        catch (RuntimeException e) {
            if (!RedisOutage.explains(e)) {
                throw e;
            }
            log.warn("Refused a chat frame because Redis is out of reach: {}", e.toString());
            reply(session, new Frame.Error("bus_unavailable", "Redis, which carries Janus's events and state, is out "
                    + "of reach; send it again in " + EdgeExceptionHandler.RETRY_AFTER_SECONDS + " s"));
        }
    }

    private void dispatch(WebSocketSession session, String streamId, String payload) {
        JsonNode frame;
        try {
            frame = json.readTree(payload);
        }
        catch (JacksonException e) {
            reply(session, new Frame.Error("invalid_json", "frames must be JSON objects like "
                    + "{\"type\":\"message\",\"text\":\"...\"}: " + e.getOriginalMessage()));
            return;
        }
        if (frame == null || !frame.isObject()) {
            reply(session, new Frame.Error("invalid_json", "frames must be JSON objects like {\"type\":\"message\",\"text\":\"...\"}"));
            return;
        }
        String type = text(frame, "type");
        if ("interrupt".equals(type)) {
            interrupt(session, streamId);
            return;
        }
        if ("feedback".equals(type)) {
            feedback(session, streamId, frame);
            return;
        }
        if (!"message".equals(type)) {
            reply(session, new Frame.Error("unknown_frame_type", "frame type must be 'message', 'interrupt' or "
                    + "'feedback', but was " + (type == null ? "missing" : "'" + Abbreviation.abbreviate(type, 40) + "'")));
            return;
        }
        String userId = text(frame, "user_id");
        // replies pushed while the message is accepted wait until the socket has heard 'accepted'
        WebSocketSession live = live(session);
        connections.hold(live);
        Frame answer = null;
        try {
            // checked as a REST post is: the stream, and a user_id other than the socket's
            var accepted = conversations.accept(streamId, text(frame, "text"),
                    userId == null ? StreamHandshake.userId(session) : userId, Channels.CHAT,
                    StreamHandshake.principal(session), event -> { });
            answer = new Frame.Accepted(accepted.eventId(), accepted.correlationId());
        }
        catch (InputRejectedException e) {
            answer = Frame.Error.of(e.code(), e.getMessage());
        }
        catch (StreamForbiddenException e) {
            answer = Frame.Error.of("forbidden", e.getMessage());
        }
        catch (UserMismatchException e) {
            answer = Frame.Error.of("user_mismatch", e.getMessage());
        }
        catch (Conversations.BusUnavailableException e) {
            log.warn("Refused a chat message because the bus is unavailable: {}", e.getMessage());
            answer = new Frame.Error("bus_unavailable", e.getMessage() + "; send it again later");
        }
        finally {
            connections.release(live, answer);
        }
    }

    private void interrupt(WebSocketSession session, String streamId) {
        try {
            conversations.interrupt(streamId, "client").ifPresentOrElse(
                    event -> reply(session, new Frame.Interrupted(event.eventId())),
                    () -> reply(session, new Frame.Error("stream_not_found", "stream " + streamId
                            + " has no session; send a message first or open one with POST /api/v1/streams")));
        }
        catch (Conversations.BusUnavailableException e) {
            reply(session, new Frame.Error("bus_unavailable", e.getMessage() + "; send it again later"));
        }
    }

    private void feedback(WebSocketSession session, String streamId, JsonNode frame) {
        String suggestionId = text(frame, "suggestion_id");
        if (suggestionId == null) {
            reply(session, new Frame.Error("missing_suggestion_id", "feedback frames look like "
                    + "{\"type\":\"feedback\",\"suggestion_id\":\"...\",\"feedback\":\"accepted|dismissed\"}"));
            return;
        }
        try {
            conversations.feedback(streamId, suggestionId, text(frame, "feedback"), StreamHandshake.userId(session))
                    .ifPresentOrElse(
                            event -> reply(session, new Frame.Accepted(event.eventId(), event.correlationId())),
                            () -> reply(session, new Frame.Error("stream_not_found", "stream " + streamId
                                    + " has no session; send a message first or open one with POST /api/v1/streams")));
        }
        catch (InputRejectedException e) {
            reply(session, Frame.Error.of(e.code(), e.getMessage()));
        }
        catch (Conversations.BusUnavailableException e) {
            reply(session, new Frame.Error("bus_unavailable", e.getMessage() + "; send it again later"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().get(LIVE) instanceof WebSocketSession socket) {
            connections.remove(StreamHandshake.streamId(session), socket);
        }
    }

    private void reply(WebSocketSession session, Frame frame) {
        connections.send(live(session), frame);
    }

    /** The socket as {@link ClientConnections} holds it: safe to send to from any thread. */
    private static WebSocketSession live(WebSocketSession session) {
        return session.getAttributes().get(LIVE) instanceof WebSocketSession socket ? socket : session;
    }

    /** A string field of a frame, absent or null when not given; any other JSON value is refused, not ignored. */
    private static @Nullable String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InputRejectedException("invalid_field", field + " must be a string, like "
                    + "{\"type\":\"message\",\"text\":\"...\"}");
        }
        return value.stringValue();
    }
}
