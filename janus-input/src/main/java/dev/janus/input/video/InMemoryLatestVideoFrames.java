package dev.janus.input.video;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.janus.events.VideoContent;

/** The latest frames in this JVM, for at most {@value #MAX_STREAMS} streams (the least recently updated go first). */
public final class InMemoryLatestVideoFrames implements LatestVideoFrames {

    static final int MAX_STREAMS = 1_000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Frame> frames = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frame> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    public InMemoryLatestVideoFrames(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized void put(String streamId, VideoContent frame, Instant at) {
        frames.remove(streamId);
        frames.put(streamId, new Frame(frame, at));
    }

    @Override
    public synchronized Optional<Frame> latest(String streamId) {
        Frame frame = frames.get(streamId);
        return frame == null || frame.at().plus(ttl).isBefore(clock.instant()) ? Optional.empty() : Optional.of(frame);
    }
}
