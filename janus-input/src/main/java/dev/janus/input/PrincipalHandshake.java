package dev.janus.input;

import java.util.Map;

import dev.janus.web.security.JanusPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Carries the principal the API-key filter put on the handshake request into the WebSocket session, where the
 * handlers check that it may use the stream it connects to.
 */
public final class PrincipalHandshake implements HandshakeInterceptor {

    /** The session attribute that holds the {@link JanusPrincipal}. */
    public static final String ATTRIBUTE = JanusPrincipal.ATTRIBUTE;

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        JanusPrincipal principal = request instanceof ServletServerHttpRequest servlet
                ? JanusPrincipal.of(servlet.getServletRequest()) : JanusPrincipal.LOCAL;
        attributes.put(ATTRIBUTE, principal);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            @Nullable Exception exception) {
    }

    /** The principal of a WebSocket session's attributes. */
    public static JanusPrincipal of(Map<String, Object> attributes) {
        return attributes.get(ATTRIBUTE) instanceof JanusPrincipal principal ? principal : JanusPrincipal.LOCAL;
    }
}
