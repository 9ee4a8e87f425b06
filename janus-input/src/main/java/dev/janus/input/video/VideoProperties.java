package dev.janus.input.video;

import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of video input, under {@code janus.input.video}.
 *
 * @param enabled whether {@code /ws/video} is served
 * @param maxFrameBytes largest JPEG frame (at most {@code janus.input.max-body-bytes}, and 1 MiB, an event's limit)
 * @param maxFramesPerSecond frames per stream and second that are published; faster frames are refused
 * @param latestFrameTtl how long the latest frame of a stream is kept for attaching to LLM requests
 */
@ConfigurationProperties("janus.input.video")
public record VideoProperties(@DefaultValue("true") Boolean enabled,
        @DefaultValue("204800") Integer maxFrameBytes,
        @DefaultValue("2") Integer maxFramesPerSecond,
        @DefaultValue("5m") Duration latestFrameTtl) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public VideoProperties {
        enabled = enabled == null || enabled;
        maxFrameBytes = inRange("janus.input.video.max-frame-bytes", maxFrameBytes, 200 * 1024, 1_024, 1024 * 1024);
        maxFramesPerSecond = inRange("janus.input.video.max-frames-per-second", maxFramesPerSecond, 2, 1, 60);
        latestFrameTtl = within("janus.input.video.latest-frame-ttl", latestFrameTtl, Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofDays(1));
    }

    /** Every default. */
    public static VideoProperties defaults() {
        return new VideoProperties(null, null, null, null);
    }
}
