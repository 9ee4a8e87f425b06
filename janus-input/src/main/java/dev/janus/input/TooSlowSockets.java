package dev.janus.input;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * Closes a WebSocket whose client does not take what is sent to it: a send blocked past the socket's time limit, or
 * more than its buffer limit waiting ({@code ConcurrentWebSocketSessionDecorator}). Spring's decorator only marks such
 * a session and drops every later frame, so it would stay open and silently skipped. The close runs on a thread of
 * its own: it may wait for the blocked send (the container's send timeout), and the thread that found the socket too
 * slow is a bus lane or speech playback, which must go on with the stream's other sockets.
 */
public final class TooSlowSockets {

    private static final Logger log = LoggerFactory.getLogger(TooSlowSockets.class);

    private TooSlowSockets() {
    }

    /** Closes {@code socket} with the status {@code exceeded} names, in the background. */
    public static void close(WebSocketSession socket, SessionLimitExceededException exceeded) {
        log.info("Closing WebSocket {}: {}", socket.getId(), exceeded.getMessage());
        Thread closing = new Thread(() -> {
            try {
                socket.close(exceeded.getStatus());
            }
            catch (IOException | RuntimeException e) {
                log.debug("Could not close WebSocket {}: {}", socket.getId(), e.toString());
            }
        }, "janus-close-slow-socket");
        closing.setDaemon(true);
        closing.start();
    }
}
