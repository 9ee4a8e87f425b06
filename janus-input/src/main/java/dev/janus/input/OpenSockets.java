package dev.janus.input;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.redis.RedisOutage;
import dev.janus.web.security.ApiKeys;
import dev.janus.web.security.EdgeExceptionHandler;
import dev.janus.web.security.JanusPrincipal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The client connections open on this node: WebSockets ({@code /ws/chat}, {@code /ws/audio}, {@code /ws/video}),
 * each opened through {@link StreamHandshake}, event streams ({@code GET …/responses}, Server-Sent Events) and
 * requests waiting for their reply ({@code ?wait=}), counted alike. Their number is bounded per node and per
 * principal ({@code janus.input.max-sockets},
 * {@code janus.input.max-sockets-per-principal}): one more socket is closed at once with 1013 (try again later), one
 * more event stream is refused with {@link ConnectionLimitException}, each saying which limit it met. A connection
 * outlives the request that authenticated it, so {@link #closeRevoked} checks the keys of open connections again
 * (every {@code janus.security.key-recheck-interval}) and ends those whose key was revoked: a socket with 1008
 * (policy violation), an event stream with a last {@code error} event ({@code api_key_revoked}). A servlet container
 * learns that an event stream's client went away only when it writes to it, so {@link #heartbeat} writes a comment
 * to each (every {@code janus.input.heartbeat-interval}) and counts out those whose write fails.
 */
public final class OpenSockets {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);

    /** The data of the last event of an event stream whose key was revoked: the error frame of the sockets. */
    static final String REVOKED_FRAME = "{\"type\":\"error\",\"code\":\"api_key_revoked\","
            + "\"message\":\"the API key was revoked\"}";

    /** Each open socket or event stream, with who holds it. */
    private final Map<Object, Holder> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perPrincipal = new ConcurrentHashMap<>();
    private final ApiKeys keys;
    private final int maxSockets;
    private final int maxPerPrincipal;

    public OpenSockets(ApiKeys keys, int maxSockets, int maxPerPrincipal) {
        this.keys = keys;
        this.maxSockets = maxSockets;
        this.maxPerPrincipal = maxPerPrincipal;
    }

    /**
     * {@code handler}, with its sockets kept here while they are open. What the handler throws is logged here with the
     * socket's id and stream, and the socket closed: 1013 (try again later) while Redis is out of reach, else 1011.
     * Left to Spring, it would be logged with the socket's URI, which holds a browser's key ({@code ?access_token=}).
     */
    public WebSocketHandler track(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) {
                guarded(session, () -> {
                    Refusal refusal = admit(session, new Holder(StreamHandshake.principal(session).name(),
                            StreamHandshake.keyHash(session)));
                    if (refusal != null) {
                        session.close(CloseStatus.SERVICE_OVERLOAD.withReason(refusal.reason()));
                        return;
                    }
                    super.afterConnectionEstablished(session);
                });
            }

            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
                // a refused socket is closing: nothing it sent is taken
                if (open.containsKey(session)) {
                    guarded(session, () -> super.handleMessage(session, message));
                }
            }

            @Override
            public void handleTransportError(WebSocketSession session, Throwable exception) {
                guarded(session, () -> super.handleTransportError(session, exception));
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
                if (release(session)) {
                    guarded(session, () -> super.afterConnectionClosed(session, status));
                }
            }
        };
    }

    /** What a socket's handler does, which may fail. */
    @FunctionalInterface
    private interface SocketWork {

        void run() throws Exception;
    }

    private static void guarded(WebSocketSession session, SocketWork work) {
        try {
            work.run();
        }
        catch (Exception e) {
            closeAfterFailure(session, e);
        }
    }

    private static void closeAfterFailure(WebSocketSession session, Exception failure) {
        CloseStatus status;
        if (RedisOutage.explains(failure)) {
            log.warn("Closing WebSocket {} on stream {}: Redis is out of reach ({})", session.getId(),
                    StreamHandshake.streamId(session), failure.toString());
            status = CloseStatus.SERVICE_OVERLOAD.withReason("Redis is out of reach; connect again in "
                    + EdgeExceptionHandler.RETRY_AFTER_SECONDS + " s");
        }
        else {
            log.error("Closing WebSocket {} on stream {}: its handler failed", session.getId(),
                    StreamHandshake.streamId(session), failure);
            status = CloseStatus.SERVER_ERROR.withReason("Janus failed on this socket; connect again");
        }
        try {
            session.close(status);
        }
        catch (IOException | RuntimeException e) {
            log.debug("Could not close WebSocket {}: {}", session.getId(), e.toString());
        }
    }

    /**
     * Counts an event stream in while it is open, for {@code principal} who presented the key of {@code keyHash}
     * (absent without keys).
     *
     * @throws ConnectionLimitException when it would break a limit (then nothing is counted)
     */
    public void track(SseEmitter events, JanusPrincipal principal, @Nullable String keyHash) {
        admitOrRefuse(events, new Holder(principal.name(), keyHash));
        Runnable release = () -> release(events);
        events.onCompletion(release);
        events.onTimeout(release);
        events.onError(error -> release.run());
    }

    /**
     * Counts a request of {@code principal} waiting for its reply ({@code ?wait=}) in, as a connection, until the
     * returned action releases it (it may run more than once). It holds a connection of the node as a socket does;
     * no key is kept for it, since it ends by itself within its wait (a revoked key does not end it).
     *
     * @throws ConnectionLimitException when it would break a limit (then nothing is counted)
     */
    public Runnable hold(JanusPrincipal principal) {
        Object waiting = new Object();
        admitOrRefuse(waiting, new Holder(principal.name(), null));
        return () -> release(waiting);
    }

    /**
     * Counts the connection in.
     *
     * @throws ConnectionLimitException when it would break a limit (then nothing is counted)
     */
    private void admitOrRefuse(Object connection, Holder holder) {
        Refusal refusal = admit(connection, holder);
        if (refusal != null) {
            throw new ConnectionLimitException(refusal.reason(), refusal.nodeFull());
        }
    }

    /** Counts the connection in, or says which limit it would break (and counts nothing). */
    private synchronized @Nullable Refusal admit(Object connection, Holder holder) {
        if (open.size() >= maxSockets) {
            // a socket's close reason holds at most 123 bytes
            return new Refusal("this node holds its most connections (janus.input.max-sockets=" + maxSockets
                    + "); try again later", true);
        }
        AtomicInteger held = perPrincipal.computeIfAbsent(holder.principal(), name -> new AtomicInteger());
        if (held.get() >= maxPerPrincipal) {
            return new Refusal("principal holds its most connections (janus.input.max-sockets-per-principal="
                    + maxPerPrincipal + "); close one first", false);
        }
        held.incrementAndGet();
        open.put(connection, holder);
        return null;
    }

    /** Counts a connection out; whether it was counted in. */
    private boolean release(Object connection) {
        Holder holder = open.remove(connection);
        if (holder == null) {
            return false;
        }
        Objects.requireNonNull(perPrincipal.get(holder.principal()), "an open socket's principal is counted")
                .decrementAndGet();
        return true;
    }

    /** How many sockets, event streams and waiting requests are open on this node. */
    public int count() {
        return open.size();
    }

    /**
     * Writes a comment line to every open event stream and counts out, at once, each whose write fails (its client
     * went away); returns how many it counted out. A write to a client that just left may still succeed, so a gone
     * client is found by the first or the second heartbeat after it left. Blocks while a slow client's write does.
     */
    public int heartbeat() {
        int gone = 0;
        for (Object connection : open.keySet()) {
            if (!(connection instanceof SseEmitter events)) {
                continue;
            }
            try {
                events.send(SseEmitter.event().comment(""));
            }
            catch (IOException | IllegalStateException e) {
                // the container may not report the failed write to the emitter's callbacks: count it out here
                if (release(events)) {
                    gone++;
                }
                events.completeWithError(e);
            }
        }
        if (gone > 0) {
            log.debug("Counted out {} event stream(s) whose client went away", gone);
        }
        return gone;
    }

    /** Ends every open socket and event stream whose API key is no longer accepted; returns how many it ended. */
    public int closeRevoked() {
        Map<String, Boolean> accepted = new HashMap<>();
        int closed = 0;
        for (Map.Entry<Object, Holder> entry : open.entrySet()) {
            // no key: none configured, or a request waiting for its reply (it ends by itself within its wait)
            String hash = entry.getValue().keyHash();
            if (hash == null || accepted.computeIfAbsent(hash, known -> keys.authenticateHash(known).isPresent())) {
                continue;
            }
            closed++;
            end(entry.getKey());
        }
        if (closed > 0) {
            log.info("Closed {} socket(s) and event stream(s) whose API key was revoked", closed);
        }
        return closed;
    }

    private static void end(Object connection) {
        try {
            if (connection instanceof WebSocketSession session) {
                session.close(CloseStatus.POLICY_VIOLATION.withReason("the API key was revoked"));
            }
            else if (connection instanceof SseEmitter events) {
                events.send(SseEmitter.event().name("error").data(REVOKED_FRAME, MediaType.APPLICATION_JSON));
                events.complete();
            }
        }
        catch (IOException | RuntimeException e) {
            log.debug("Could not end a connection of a revoked key: {}", e.toString());
        }
    }

    /** Who holds an open connection: the principal, and the hash of the key it presented (absent without keys). */
    private record Holder(String principal, @Nullable String keyHash) {
    }

    /** Why a connection was not admitted, and whether the node (rather than the principal) is full. */
    private record Refusal(String reason, boolean nodeFull) {
    }
}
