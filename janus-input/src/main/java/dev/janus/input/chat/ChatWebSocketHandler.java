package dev.janus.input.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.janus.input.Conversations;
import dev.janus.input.InputRejectedException;
import dev.janus.input.PrincipalHandshake;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.delivery.Frame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /ws/chat?stream_id=...}: the client sends {@code {"type":"message","text":"..."}} frames
 * (text, or binary holding UTF-8 JSON), and {@code {"type":"interrupt"}} to stop the reply being generated
 * ({@code input.stream.interrupted}, reason {@code client}), and
 * {@code {"type":"feedback","suggestion_id":"...","feedback":"accepted|dismissed"}} to answer a suggestion; it
 * receives {@code accepted}, {@code delta}, {@code response}, {@code tool_progress}, {@code suggestion},
 * {@code interrupted} and {@code error} frames. Bad input gets an error frame; the session stays open. A stream
 * of another principal is refused (error frame, then close).
 */
public class ChatWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatWebSocketHandler.class);
    private static final String STREAM = "janus.stream_id";
    private static final String USER = "janus.user_id";
    private static final String LIVE = "janus.live";

    private final Conversations conversations;
    private final ClientConnections connections;
    private final int maxFrameBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    public ChatWebSocketHandler(Conversations conversations, ClientConnections connections, int maxFrameBytes) {
        this.conversations = conversations;
        this.connections = connections;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        var query = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
        String streamId = query.getFirst("stream_id");
        WebSocketSession live = new ConcurrentWebSocketSessionDecorator(session, 10_000, 4 * maxFrameBytes);
        if (streamId == null || streamId.isBlank()) {
            connections.send(live, new Frame.Error("missing_stream_id",
                    "connect to /ws/chat?stream_id=<stream id>; open a stream with POST /api/v1/streams"));
            session.close(CloseStatus.POLICY_VIOLATION.withReason("stream_id is required"));
            return;
        }
        if (conversations.access(streamId, PrincipalHandshake.of(session.getAttributes()))
                == Conversations.Access.FORBIDDEN) {
            connections.send(live, new Frame.Error("forbidden", "stream '" + streamId
                    + "' belongs to another principal; open a stream of your own with POST /api/v1/streams"));
            session.close(CloseStatus.POLICY_VIOLATION.withReason("stream of another principal"));
            return;
        }
        session.getAttributes().put(STREAM, streamId);
        session.getAttributes().put(LIVE, live);
        String userId = query.getFirst("user_id");
        if (userId != null) {
            session.getAttributes().put(USER, userId);
        }
        connections.add(streamId, live);
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

    private void handle(WebSocketSession session, String payload) {
        String streamId = (String) session.getAttributes().get(STREAM);
        if (streamId == null) {
            return;
        }
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
                    + "'feedback', but was " + (type == null ? "missing" : "'" + type + "'")));
            return;
        }
        String userId = text(frame, "user_id");
        if (userId == null) {
            userId = (String) session.getAttributes().get(USER);
        }
        try {
            var accepted = conversations.accept(streamId, text(frame, "text"), userId, "chat",
                    PrincipalHandshake.of(session.getAttributes()).name(), event -> { });
            reply(session, new Frame.Accepted(accepted.eventId(), accepted.correlationId()));
        }
        catch (InputRejectedException e) {
            reply(session, new Frame.Error(e.code(), e.getMessage()));
        }
        catch (Conversations.BusUnavailableException e) {
            log.warn("Refused a chat message because the bus is unavailable: {}", e.getMessage());
            reply(session, new Frame.Error("bus_unavailable", e.getMessage() + "; send it again later"));
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
            conversations.feedback(streamId, suggestionId, text(frame, "feedback"), (String) session.getAttributes()
                    .get(USER)).ifPresentOrElse(
                            event -> reply(session, new Frame.Accepted(event.eventId(), event.correlationId())),
                            () -> reply(session, new Frame.Error("stream_not_found", "stream " + streamId
                                    + " has no session; send a message first or open one with POST /api/v1/streams")));
        }
        catch (InputRejectedException e) {
            reply(session, new Frame.Error(e.code(), e.getMessage()));
        }
        catch (Conversations.BusUnavailableException e) {
            reply(session, new Frame.Error("bus_unavailable", e.getMessage() + "; send it again later"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        String streamId = (String) session.getAttributes().get(STREAM);
        Object live = session.getAttributes().get(LIVE);
        if (streamId != null && live instanceof WebSocketSession socket) {
            connections.remove(streamId, socket);
        }
    }

    private void reply(WebSocketSession session, Frame frame) {
        Object live = session.getAttributes().get(LIVE);
        connections.send(live instanceof WebSocketSession socket ? socket : session, frame);
    }

    private static @Nullable String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value == null || !value.isString() ? null : value.stringValue();
    }
}
