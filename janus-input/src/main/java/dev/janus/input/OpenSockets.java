package dev.janus.input;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.web.security.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The WebSockets open on this node ({@code /ws/chat}, {@code /ws/audio}, {@code /ws/video}), each opened through
 * {@link StreamHandshake}. A socket outlives the handshake that authenticated it, so {@link #closeRevoked} checks the
 * keys of open sockets again (every {@code janus.security.key-recheck-interval}) and closes those whose key was
 * revoked with 1008 (policy violation).
 */
public final class OpenSockets {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);

    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final ApiKeys keys;

    public OpenSockets(ApiKeys keys) {
        this.keys = keys;
    }

    /** {@code handler}, with its sockets kept here while they are open. */
    public WebSocketHandler track(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                open.add(session);
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                open.remove(session);
                super.afterConnectionClosed(session, status);
            }
        };
    }

    /** How many sockets are open on this node. */
    public int count() {
        return open.size();
    }

    /** Closes every open socket whose API key is no longer accepted; returns how many it closed. */
    public int closeRevoked() {
        Map<String, Boolean> accepted = new HashMap<>();
        int closed = 0;
        for (WebSocketSession session : open) {
            String hash = StreamHandshake.keyHash(session);
            if (hash == null || accepted.computeIfAbsent(hash, known -> keys.authenticateHash(known).isPresent())) {
                continue;
            }
            open.remove(session);
            closed++;
            try {
                session.close(CloseStatus.POLICY_VIOLATION.withReason("the API key was revoked"));
            }
            catch (IOException | RuntimeException e) {
                log.debug("Could not close socket {} of a revoked key: {}", session.getId(), e.toString());
            }
        }
        if (closed > 0) {
            log.info("Closed {} socket(s) whose API key was revoked", closed);
        }
        return closed;
    }
}
