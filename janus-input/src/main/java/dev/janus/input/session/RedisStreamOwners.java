package dev.janus.input.session;

import java.util.Optional;

import dev.janus.redis.SharedRedis;
import io.lettuce.core.SetArgs;

/**
 * Stream owners in Redis, one string per stream at {@code janus:stream-owner:<stream_id>}, without expiry. The
 * first claim is {@code SET NX}, so two nodes claiming at once agree on one owner.
 */
public final class RedisStreamOwners implements StreamOwners {

    static final String PREFIX = "janus:stream-owner:";

    private final SharedRedis redis;

    public RedisStreamOwners(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public String claim(String streamId, String principal) {
        // SET NX GET answers the owner that was there, or nothing when this claim set it
        String previous = redis.sync().setGet(PREFIX + streamId, principal, SetArgs.Builder.nx());
        return previous == null ? principal : previous;
    }

    @Override
    public Optional<String> find(String streamId) {
        return Optional.ofNullable(redis.sync().get(PREFIX + streamId));
    }
}
