package dev.janus.memory.patterns;

import java.util.ArrayList;
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
    public List<Integer> recordAll(String userId, List<Observation> observations) {
        if (observations.isEmpty()) {
            return List.of();
        }
        RedisClusterAsyncCommands<String, String> commands = redis.async();
        List<CompletionStage<?>> replies = new ArrayList<>(2 * observations.size() + 1);
        List<CompletionStage<Long>> sizes = new ArrayList<>(observations.size());
        List<String> hashes = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            String hash = key(userId, observation.kind(), observation.key());
            // the hash's master applies the two in order, so the count includes this field
            replies.add(commands.hsetnx(hash, observation.field(), observation.eventId()));
            CompletionStage<Long> size = commands.hlen(hash);
            replies.add(size);
            sizes.add(size);
            hashes.add(hash);
        }
        replies.add(commands.sadd(keysOf(userId), hashes.toArray(String[]::new)));
        hashes.add(keysOf(userId));
        redis.awaitAll(replies, hashes.toArray(String[]::new)); // every key written
        List<Integer> counts = new ArrayList<>(sizes.size());
        for (CompletionStage<Long> size : sizes) {
            Long count = redis.await(size);
            counts.add(count == null ? 0 : count.intValue());
        }
        return counts;
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
