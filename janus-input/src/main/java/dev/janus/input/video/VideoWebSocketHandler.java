package dev.janus.input.video;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.VideoContent;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.Conversations;
import dev.janus.input.InputConfiguration;
import dev.janus.input.StreamHandshake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@code /ws/video?stream_id=...[&user_id=...]}: binary JPEG frames, published as {@code input.video.frame} (channel
 * {@code video}) at most {@code janus.input.video.max-frames-per-second} per stream, the latest kept for LLM
 * requests. Refused frames — not JPEG, empty, too large, too fast, text frames — get an error frame (too-fast ones
 * at most one per second, with the count refused); the socket stays open and nothing is published for them.
 */
public final class VideoWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(VideoWebSocketHandler.class);
    private static final String STATE = "janus.video";
    private static final String MIME = "image/jpeg";

    private final EventPublisher bus;
    private final Conversations conversations;
    private final FrameRateLimiter limiter;
    private final LatestVideoFrames latest;
    private final VideoProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, AtomicLong> sequences = new java.util.concurrent.ConcurrentHashMap<>();

    public VideoWebSocketHandler(EventPublisher bus, Conversations conversations, FrameRateLimiter limiter,
            LatestVideoFrames latest, VideoProperties properties, Clock clock) {
        this.bus = bus;
        this.conversations = conversations;
        this.limiter = limiter;
        this.latest = latest;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // StreamHandshake checked the principal, the stream and the user before the socket opened
        WebSocketSession live = new ConcurrentWebSocketSessionDecorator(session, 10_000, 1024 * 1024);
        session.getAttributes().put(STATE, new VideoSocket(live, StreamHandshake.streamId(session),
                StreamHandshake.userId(session)));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        if (session.getAttributes().get(STATE) instanceof VideoSocket socket) {
            send(socket.live(), "unexpected_text_frame", "/ws/video takes binary JPEG frames only");
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        if (!(session.getAttributes().get(STATE) instanceof VideoSocket socket)) {
            return;
        }
        int length = message.getPayloadLength();
        if (length == 0 || length > properties.maxFrameBytes()) {
            send(socket.live(), "frame_too_large", "video frames must be 1.." + properties.maxFrameBytes()
                    + " bytes (janus.input.video.max-frame-bytes), but this one was " + length);
            return;
        }
        byte[] jpeg = new byte[length];
        message.getPayload().get(jpeg);
        if (length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8 || (jpeg[2] & 0xFF) != 0xFF) {
            send(socket.live(), "not_jpeg", "video frames must be JPEG images (starting FF D8 FF)");
            return;
        }
        if (!limiter.tryTake(socket.streamId())) {
            long refused = socket.refused();
            if (refused > 0) {
                send(socket.live(), "rate_limited", refused + " frame(s) refused: at most "
                        + properties.maxFramesPerSecond() + " per second (janus.input.video.max-frames-per-second)");
            }
            return;
        }
        long sequence = sequences.computeIfAbsent(socket.streamId(), key -> new AtomicLong()).getAndIncrement();
        VideoContent frame = new VideoContent(jpeg, MIME, sequence);
        JanusEvent event = JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, socket.streamId(), frame,
                new EventContext(InputConfiguration.COMPONENT, socket.userId(), Channels.VIDEO, null, Map.of()));
        try {
            latest.put(socket.streamId(), frame, clock.instant());
        }
        catch (RuntimeException e) {
            log.warn("Could not keep the latest video frame of stream {}: {}", socket.streamId(), e.toString());
        }
        bus.publish(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                send(socket.live(), "bus_unavailable", "the frame could not be published: " + failure.getMessage());
            }
        });
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().get(STATE) instanceof VideoSocket socket) {
            limiter.forget(socket.streamId());
            // the stream's frame numbers start again with its next socket
            sequences.remove(socket.streamId());
        }
    }

    private void send(WebSocketSession socket, String code, String message) {
        try {
            socket.sendMessage(new TextMessage(json.writeValueAsString(Map.of("type", "error", "code", code,
                    "message", message))));
        }
        catch (java.io.IOException | IllegalStateException e) {
            log.debug("Could not send {} to video socket: {}", code, e.toString());
        }
    }

    /** One video socket: refused frames are reported at most once a second, with their count. */
    private static final class VideoSocket {

        private final WebSocketSession live;
        private final String streamId;
        private final @Nullable String userId;
        private long refusedSinceReport;
        private long lastReportNanos;

        VideoSocket(WebSocketSession live, String streamId, @Nullable String userId) {
            this.live = live;
            this.streamId = streamId;
            this.userId = userId;
        }

        WebSocketSession live() {
            return live;
        }

        String streamId() {
            return streamId;
        }

        @Nullable String userId() {
            return userId;
        }

        /** Counts a refused frame; returns the count to report now, or 0 when a report went out less than 1 s ago. */
        synchronized long refused() {
            refusedSinceReport++;
            long now = System.nanoTime();
            if (lastReportNanos != 0 && now - lastReportNanos < 1_000_000_000L) {
                return 0;
            }
            lastReportNanos = now;
            long count = refusedSinceReport;
            refusedSinceReport = 0;
            return count;
        }
    }
}
