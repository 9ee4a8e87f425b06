package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.events.JanusEvent;
import dev.janus.events.VideoContent;

import org.springframework.util.MimeTypeUtils;

/**
 * The newest JPEG frame of each video stream, as heard on {@code input.video.frame} (a broadcast subscription, so
 * every LLM instance keeps its own copy and no component is asked for it). Kept in memory only: a frame is worth
 * attaching for seconds, so losing them on restart costs nothing. Bounded: at most {@code maxStreams} streams (the
 * least recently updated stream goes first), and frames older than {@code maxAge} are never handed out and are
 * dropped as newer frames arrive. A frame older than the one kept (a late redelivery) does not replace it. Frames of
 * another encoding than JPEG are ignored: janus-input only publishes JPEG, and the providers are told image/jpeg.
 * Thread-safe.
 */
public final class LatestFrames {

    private final Duration maxAge;
    private final int maxStreams;
    private final Clock clock;
    private final Map<String, Frame> frames = new LinkedHashMap<>();
    private final AtomicLong heard = new AtomicLong();

    public LatestFrames(Duration maxAge, int maxStreams, Clock clock) {
        this.maxAge = maxAge;
        this.maxStreams = maxStreams;
        this.clock = clock;
    }

    /** Frames as configured by {@code janus.llm.images.*}, aged by the system clock. */
    public static LatestFrames of(LlmProperties.Images images) {
        return new LatestFrames(images.maxAge(), images.maxStreams(), Clock.systemUTC());
    }

    /** Keeps the frame of an {@code input.video.frame} event if it is the stream's newest. */
    void onFrame(JanusEvent event, VideoContent video) {
        heard.incrementAndGet();
        if (!MimeTypeUtils.IMAGE_JPEG_VALUE.equals(video.mimeType())) {
            return;
        }
        Frame frame = new Frame(video.data(), video.sequence(), event.timestamp());
        synchronized (frames) {
            Frame kept = frames.get(event.streamId());
            if (kept != null && frame.at().isBefore(kept.at())) {
                return;
            }
            frames.remove(event.streamId());
            frames.put(event.streamId(), frame);
            dropStale();
        }
    }

    /** The newest frame of {@code streamId} if it is at most {@code maxAge} old. */
    public Optional<Frame> recent(String streamId) {
        Frame frame;
        synchronized (frames) {
            frame = frames.get(streamId);
        }
        return frame == null || isStale(frame) ? Optional.empty() : Optional.of(frame);
    }

    /** How many frames this store has been handed, kept or not (tests wait on it). */
    long heard() {
        return heard.get();
    }

    /** Whether a frame of {@code streamId} is kept, recent or not yet dropped. */
    boolean holds(String streamId) {
        synchronized (frames) {
            return frames.containsKey(streamId);
        }
    }

    /** Streams whose frame is kept. */
    public int size() {
        synchronized (frames) {
            return frames.size();
        }
    }

    /** Drops the least recently updated streams over the bound, and stale frames from the old end. */
    private void dropStale() {
        Iterator<Frame> oldestFirst = frames.values().iterator();
        int size = frames.size();
        while (oldestFirst.hasNext()) {
            Frame frame = oldestFirst.next();
            if (size <= maxStreams && !isStale(frame)) {
                return;
            }
            oldestFirst.remove();
            size--;
        }
    }

    private boolean isStale(Frame frame) {
        return frame.at().plus(maxAge).isBefore(clock.instant());
    }

    /**
     * One JPEG frame.
     *
     * @param jpeg the encoded image (not copied: nobody writes to it)
     * @param sequence its position in the stream
     * @param at when it was captured (its event's timestamp)
     */
    public record Frame(byte[] jpeg, long sequence, Instant at) {

        @Override
        public String toString() {
            return "Frame[" + jpeg.length + " bytes, sequence=" + sequence + ", at=" + at + "]";
        }
    }
}
