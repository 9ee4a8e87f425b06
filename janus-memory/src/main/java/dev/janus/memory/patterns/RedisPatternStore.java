package dev.janus.memory.patterns;

import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.janus.redis.SharedRedis;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Pattern evidence in Redis:
 * {@code janus:memory:patterns:<user_id>:<kind>:<key>} — hash of field (event id or day) to event id;
 * {@code janus:memory:pattern-keys:<user_id>} — set of those hashes, for forgetting the user;
 * {@code janus:memory:patterns-reported:<user_id>} — set of {@code <kind>:<key>:<level>} already reported.
 */
public final class RedisPatternStore implements PatternStore {

    private final SharedRedis redis;

    public RedisPatternStore(SharedRedis redis) {
        this.redis = redis;
    }

    private static String key(String userId, String kind, String key) {
        return "janus:memory:patterns:" + userId + ":" + kind + ":" + key;
    }

    private static String keysOf(String userId) {
        return "janus:memory:pattern-keys:" + userId;
    }

    private static String reportedOf(String userId) {
        return "janus:memory:patterns-reported:" + userId;
    }

    @Override
    public int record(String userId, String kind, String key, String field, String eventId) {
        String hash = key(userId, kind, key);
        RedisClusterAsyncCommands<String, String> commands = redis.async();
        // sent together; the hash's master applies its two in order, so the count includes this field
        CompletionStage<Boolean> recorded = commands.hsetnx(hash, field, eventId);
        CompletionStage<Long> indexed = commands.sadd(keysOf(userId), hash);
        CompletionStage<Long> size = commands.hlen(hash);
        redis.awaitAll(List.of(recorded, indexed, size), hash, keysOf(userId));
        Long count = redis.await(size);
        return count == null ? 0 : count.intValue();
    }

    @Override
    public List<String> evidence(String userId, String kind, String key, int limit) {
        List<String> ids = redis.sync().hvals(key(userId, kind, key));
        return ids.size() > limit ? List.copyOf(ids.subList(0, limit)) : ids;
    }

    @Override
    public boolean markReported(String userId, String kind, String key, int level) {
        Long added = redis.sync().sadd(reportedOf(userId), kind + ":" + key + ":" + level);
        return added != null && added == 1L;
    }

    @Override
    public void forget(String userId) {
        List<String> hashes = List.copyOf(redis.sync().smembers(keysOf(userId)));
        if (!hashes.isEmpty()) {
            redis.sync().del(hashes.toArray(String[]::new));
        }
        redis.sync().del(keysOf(userId), reportedOf(userId));
    }
}
