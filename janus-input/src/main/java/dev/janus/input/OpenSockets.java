package dev.janus.input;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.web.security.ApiKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The WebSockets open on this node ({@code /ws/chat}, {@code /ws/audio}, {@code /ws/video}), each opened through
 * {@link StreamHandshake}. Their number is bounded per node and per principal ({@code janus.input.max-sockets},
 * {@code janus.input.max-sockets-per-principal}): one more is closed at once with 1013 (try again later), saying
 * which limit it met. A socket outlives the handshake that authenticated it, so {@link #closeRevoked} checks the
 * keys of open sockets again (every {@code janus.security.key-recheck-interval}) and closes those whose key was
 * revoked with 1008 (policy violation).
 */
public final class OpenSockets {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);

    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perPrincipal = new ConcurrentHashMap<>();
    private final ApiKeys keys;
    private final int maxSockets;
    private final int maxPerPrincipal;

    public OpenSockets(ApiKeys keys, int maxSockets, int maxPerPrincipal) {
        this.keys = keys;
        this.maxSockets = maxSockets;
        this.maxPerPrincipal = maxPerPrincipal;
    }

    /** {@code handler}, with its sockets kept here while they are open. */
    public WebSocketHandler track(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                String refusal = admit(session);
                if (refusal != null) {
                    session.close(CloseStatus.SERVICE_OVERLOAD.withReason(refusal));
                    return;
                }
                super.afterConnectionEstablished(session);
            }

            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
                // a refused socket is closing: nothing it sent is taken
                if (open.contains(session)) {
                    super.handleMessage(session, message);
                }
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                if (open.remove(session)) {
                    perPrincipal.get(StreamHandshake.principal(session).name()).decrementAndGet();
                    super.afterConnectionClosed(session, status);
                }
            }
        };
    }

    /** Counts the socket in, or says which limit it would break (and counts nothing). */
    private synchronized @Nullable String admit(WebSocketSession session) {
        String principal = StreamHandshake.principal(session).name();
        if (open.size() >= maxSockets) {
            return "this node holds its most sockets (janus.input.max-sockets=" + maxSockets + "); try again later";
        }
        AtomicInteger held = perPrincipal.computeIfAbsent(principal, name -> new AtomicInteger());
        if (held.get() >= maxPerPrincipal) {
            return "principal holds its most sockets (janus.input.max-sockets-per-principal=" + maxPerPrincipal
                    + "); close one first";
        }
        held.incrementAndGet();
        open.add(session);
        return null;
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
