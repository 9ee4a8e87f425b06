package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.janus.bus.redis.SharedRedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recall items in Redis:
 * {@code janus:memory:vectors:<user_id>} — hash of item id to the item and its int8 vector (Base64) as JSON;
 * {@code janus:memory:vectors-version:<user_id>} — counter bumped by every change;
 * {@code janus:memory:vector-users} — set of the users with items.
 */
public final class RedisVectorStore implements VectorStore {

    private static final String USERS = "janus:memory:vector-users";

    private final SharedRedis redis;
    private final JsonMapper json = JsonMapper.builder().build();

    public RedisVectorStore(SharedRedis redis) {
        this.redis = redis;
    }

    static String key(String userId) {
        return "janus:memory:vectors:" + userId;
    }

    static String versionKey(String userId) {
        return "janus:memory:vectors-version:" + userId;
    }

    @Override
    public List<StoredVector> load(String userId) {
        List<StoredVector> vectors = new ArrayList<>();
        for (String value : redis.sync().hvals(key(userId))) {
            Stored stored = json.readValue(value, Stored.class);
            vectors.add(new StoredVector(stored.item(), Int8Vector.decode(stored.vector())));
        }
        return vectors;
    }

    @Override
    public long put(StoredVector vector) {
        String userId = vector.item().userId();
        redis.sync().hset(key(userId), vector.item().id(),
                json.writeValueAsString(new Stored(vector.item(), vector.vector().encode())));
        redis.sync().sadd(USERS, userId);
        return redis.sync().incr(versionKey(userId));
    }

    @Override
    public long remove(String userId, Collection<String> itemIds) {
        if (!itemIds.isEmpty()) {
            redis.sync().hdel(key(userId), itemIds.toArray(String[]::new));
        }
        return redis.sync().incr(versionKey(userId));
    }

    @Override
    public int forget(String userId) {
        Long count = redis.sync().hlen(key(userId));
        redis.sync().del(key(userId));
        redis.sync().srem(USERS, userId);
        redis.sync().incr(versionKey(userId));
        return count == null ? 0 : count.intValue();
    }

    @Override
    public long version(String userId) {
        String value = redis.sync().get(versionKey(userId));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public Set<String> users() {
        return Set.copyOf(redis.sync().smembers(USERS));
    }

    private record Stored(RecallItem item, String vector) {
    }
}
