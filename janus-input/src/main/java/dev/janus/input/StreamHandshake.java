package dev.janus.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.janus.redis.RedisOutage;
import dev.janus.web.ApiError;
import dev.janus.web.security.EdgeExceptionHandler;
import dev.janus.web.security.JanusAuthentication;
import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.UserMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Decides, before a {@code /ws/chat}, {@code /ws/audio} or {@code /ws/video} socket opens, who it is and which
 * stream it attaches to, as a REST post would: an authenticated principal (else 401), a valid {@code stream_id}
 * (else 400), a stream the principal owns or takes now (else 403 {@code forbidden}), and the user it speaks as
 * ({@code user_id}, bound to the principal: else 403 {@code user_mismatch}). A refused handshake is answered with
 * the documented error body and never becomes a socket. The accepted socket's attributes hold the result.
 */
public final class StreamHandshake implements HandshakeInterceptor {

    private static final String PRINCIPAL = "janus.principal";
    private static final String KEY_HASH = "janus.key_hash";
    private static final String STREAM = "janus.stream_id";
    private static final String USER = "janus.user_id";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Conversations conversations;

    public StreamHandshake(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JanusAuthentication caller)
                || !(request instanceof ServletServerHttpRequest servlet)) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "send an API key as 'Authorization: Bearer <key>' or '?access_token=<key>'");
        }
        HttpServletRequest http = servlet.getServletRequest();
        String streamId = http.getParameter("stream_id");
        JanusPrincipal principal = caller.principal();
        String userId;
        try {
            Conversations.requireStreamId(streamId);
            conversations.requireClaim(streamId, principal);
            userId = conversations.userFor(principal, http.getParameter("user_id"), streamId);
        }
        catch (InputRejectedException e) {
            return refuse(response, HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        catch (StreamForbiddenException e) {
            return refuse(response, HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
        }
        catch (UserMismatchException e) {
            return refuse(response, HttpStatus.FORBIDDEN, "user_mismatch", e.getMessage());
        }
        catch (RuntimeException e) {
            if (!RedisOutage.explains(e)) {
                throw e;
            }
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(EdgeExceptionHandler.RETRY_AFTER_SECONDS));
            return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "bus_unavailable", "Redis, which carries Janus's "
                    + "events and state, is out of reach; connect again in " + EdgeExceptionHandler.RETRY_AFTER_SECONDS
                    + " s");
        }
        attributes.put(PRINCIPAL, principal);
        if (caller.keyHash() != null) {
            attributes.put(KEY_HASH, caller.keyHash());
        }
        attributes.put(STREAM, streamId);
        attributes.put(USER, userId);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            @Nullable Exception exception) {
    }

    /** The principal of an accepted socket. */
    public static JanusPrincipal principal(WebSocketSession session) {
        return (JanusPrincipal) required(session, PRINCIPAL);
    }

    /** The stream an accepted socket is attached to. */
    public static String streamId(WebSocketSession session) {
        return (String) required(session, STREAM);
    }

    /** The user an accepted socket speaks as. */
    public static String userId(WebSocketSession session) {
        return (String) required(session, USER);
    }

    /** The hash of the key an accepted socket presented; absent without keys. */
    public static @Nullable String keyHash(WebSocketSession session) {
        return (String) session.getAttributes().get(KEY_HASH);
    }

    private static Object required(WebSocketSession session, String attribute) {
        Object value = session.getAttributes().get(attribute);
        if (value == null) {
            throw new IllegalStateException("socket " + session.getId() + " was not opened through StreamHandshake");
        }
        return value;
    }

    private static boolean refuse(ServerHttpResponse response, HttpStatus status, String code,
            @Nullable String message) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getBody().write(JSON.writeValueAsString(ApiError.of(code, message)).getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
