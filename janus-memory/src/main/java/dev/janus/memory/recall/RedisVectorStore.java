package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import dev.janus.models.embedding.EmbeddingModels;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recall items in Redis:
 * {@code janus:memory:vectors:<user_id>} — hash of item id to the item, its int8 vector (Base64) and the id of the
 * model that embedded it as JSON (an entry without a model id was written before vectors carried one: by
 * {@value EmbeddingModels#MINILM}, the only model then);
 * {@code janus:memory:vectors-version:<user_id>} — counter bumped by every change;
 * {@code janus:memory:vector-users} — set of the users with items.
 */
public final class RedisVectorStore implements VectorStore {

    private static final String USERS = "janus:memory:vector-users";

    /** Sets the item's field only if it exists (one key: the script runs on Redis Cluster too); 1 if it did. */
    private static final LuaScript REPLACE = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

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
            vectors.add(new StoredVector(stored.item(), Int8Vector.decode(stored.vector()),
                    stored.model() == null ? EmbeddingModels.MINILM : stored.model()));
        }
        return vectors;
    }

    @Override
    public long put(StoredVector vector) {
        String userId = vector.item().userId();
        redis.sync().hset(key(userId), vector.item().id(), json.writeValueAsString(Stored.of(vector)));
        redis.sync().sadd(USERS, userId);
        return redis.sync().incr(versionKey(userId));
    }

    @Override
    public long replaceIfPresent(StoredVector vector) {
        String userId = vector.item().userId();
        Long replaced = REPLACE.run(redis.sync(), ScriptOutputType.INTEGER, new String[] { key(userId) },
                List.of(vector.item().id(), json.writeValueAsString(Stored.of(vector))));
        return replaced != null && replaced == 1L ? redis.sync().incr(versionKey(userId)) : -1;
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

    private record Stored(RecallItem item, String vector, @Nullable String model) {

        static Stored of(StoredVector vector) {
            return new Stored(vector.item(), vector.vector().encode(), vector.model());
        }
    }
}
