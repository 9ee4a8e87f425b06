package dev.janus.input.video;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import dev.janus.redis.SharedRedis;
import dev.janus.events.VideoContent;
import io.lettuce.core.SetArgs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latest frames in Redis: {@code janus:input:video:<stream_id>:latest} holds
 * {@code {"data": base64, "mime_type", "sequence", "at"}} and expires after the configured time to live.
 */
public final class RedisLatestVideoFrames implements LatestVideoFrames {

    private final SharedRedis redis;
    private final Duration ttl;
    private final JsonMapper json = JsonMapper.builder().build();

    public RedisLatestVideoFrames(SharedRedis redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** The key of a stream's latest frame. */
    public static String key(String streamId) {
        return "janus:input:video:" + streamId + ":latest";
    }

    @Override
    public void put(String streamId, VideoContent frame, Instant at) {
        String value = json.writeValueAsString(Map.of("data", Base64.getEncoder().encodeToString(frame.data()),
                "mime_type", frame.mimeType(), "sequence", frame.sequence(), "at", at.toString()));
        redis.sync().set(key(streamId), value, SetArgs.Builder.px(ttl.toMillis()));
    }

    @Override
    public Optional<Frame> latest(String streamId) {
        String value = redis.sync().get(key(streamId));
        if (value == null) {
            return Optional.empty();
        }
        JsonNode stored = json.readTree(value);
        return Optional.of(new Frame(new VideoContent(Base64.getDecoder().decode(stored.get("data").stringValue()),
                stored.get("mime_type").stringValue(), stored.get("sequence").longValue()),
                Instant.parse(stored.get("at").stringValue())));
    }
}
