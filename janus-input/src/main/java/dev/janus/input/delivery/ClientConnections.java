package dev.janus.input.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.input.TooSlowSockets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The client connections this node holds, by stream: WebSocket sessions and SSE emitters. Frames
 * pushed to a stream reach every connection of that stream on this node; a connection that fails
 * is dropped (the client reconnects and reads the outbox). When the node shuts down, its event streams are
 * ended first, so the server's graceful shutdown does not wait for them (their clients reconnect to another node).
 */
public class ClientConnections implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClientConnections.class);

    private final Map<String, Set<WebSocketSession>> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<SseEmitter>> emitters = new ConcurrentHashMap<>();
    private final Map<WebSocketSession, List<String>> held = new ConcurrentHashMap<>();
    private final JsonMapper json;

    private volatile boolean running;

    public ClientConnections(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every event stream this node holds: before the web server's graceful shutdown waits for requests. */
    @Override
    public void stop() {
        running = false;
        emitters.values().forEach(streams -> streams.forEach(SseEmitter::complete));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public void add(String streamId, WebSocketSession socket) {
        sockets.computeIfAbsent(streamId, key -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    public void remove(String streamId, WebSocketSession socket) {
        sockets.computeIfPresent(streamId, (key, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
    }

    public void add(String streamId, SseEmitter emitter) {
        emitters.computeIfAbsent(streamId, key -> ConcurrentHashMap.newKeySet()).add(emitter);
        Runnable remove = () -> emitters.computeIfPresent(streamId, (key, set) -> {
            set.remove(emitter);
            return set.isEmpty() ? null : set;
        });
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
    }

    /** Whether this node holds a live connection of the stream. */
    public boolean isConnected(String streamId) {
        return sockets.containsKey(streamId) || emitters.containsKey(streamId);
    }

    /** Sends the frame to every connection of the stream on this node. */
    public void push(String streamId, Frame frame) {
        String text = json.writeValueAsString(frame);
        for (WebSocketSession socket : sockets.getOrDefault(streamId, Set.of())) {
            send(socket, text);
        }
        for (SseEmitter emitter : emitters.getOrDefault(streamId, Set.of())) {
            try {
                emitter.send(SseEmitter.event().name(frame.type()).data(text, org.springframework.http.MediaType.APPLICATION_JSON));
            }
            catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }

    /** Sends one frame to one socket. */
    public void send(WebSocketSession socket, Frame frame) {
        send(socket, json.writeValueAsString(frame));
    }

    /**
     * Holds back what is sent to {@code socket} until {@link #release}: while a message from the socket is being
     * accepted, so that the socket hears {@code accepted} before any reply to the message, however fast the reply.
     */
    public void hold(WebSocketSession socket) {
        held.put(socket, new ArrayList<>());
    }

    /** Sends {@code first}, when given, then what was held back since {@link #hold}, in order, and stops holding. */
    public void release(WebSocketSession socket, @Nullable Frame first) {
        List<String> waiting = held.get(socket);
        if (waiting == null) {
            if (first != null) {
                send(socket, first);
            }
            return;
        }
        synchronized (waiting) {
            if (first != null) {
                write(socket, json.writeValueAsString(first));
            }
            waiting.forEach(text -> write(socket, text));
            // last: a frame pushed meanwhile waits for this lock, then finds the socket no longer held
            held.remove(socket);
        }
    }

    private void send(WebSocketSession socket, String text) {
        List<String> waiting = held.get(socket);
        if (waiting != null) {
            synchronized (waiting) {
                // still held once the lock is ours: release has not sent the held frames yet
                if (held.get(socket) == waiting) {
                    waiting.add(text);
                    return;
                }
            }
        }
        write(socket, text);
    }

    private void write(WebSocketSession socket, String text) {
        try {
            socket.sendMessage(new TextMessage(text));
        }
        catch (IOException | IllegalStateException e) {
            log.debug("Dropping WebSocket {}: {}", socket.getId(), e.toString());
        }
        catch (SessionLimitExceededException e) {
            TooSlowSockets.close(socket, e);
        }
    }
}
