package dev.janus.input.video;

import java.time.Instant;
import java.util.Optional;

import dev.janus.events.VideoContent;

/**
 * The latest published frame of each stream, so a component building an LLM request for a provider that accepts
 * images can attach what the user's camera shows now. In memory, or in Redis when the bus is Redis (key
 * {@code janus:input:video:<stream_id>:latest}) so that a node other than the socket's can read it.
 */
public interface LatestVideoFrames {

    /** Remembers the frame as the stream's latest. */
    void put(String streamId, VideoContent frame, Instant at);

    /** The stream's latest frame, unless it is older than the configured time to live. */
    Optional<Frame> latest(String streamId);

    /**
     * A stored frame.
     *
     * @param content the frame
     * @param at when it was received
     */
    record Frame(VideoContent content, Instant at) {
    }
}
