package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.janus.events.Int8Vector;
import dev.janus.events.RecordConstructors;
import dev.janus.models.embedding.EmbeddingModels;
import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recall items in Redis:
 * {@code janus:memory:vectors:<user_id>} — hash of item id to the item, its int8 vector (Base64) and the id of the
 * model that embedded it as JSON (an entry without a model id was written before vectors carried one: by
 * {@value EmbeddingModels#MINILM}, the only model then);
 * {@code janus:memory:vectors-version:<user_id>} — counter bumped by every change;
 * {@code janus:memory:vectors-changes:<user_id>} — list of the last {@value #REMEMBERED_CHANGES} changes, one entry
 * per version: {@code <version> <JSON array of the item ids it changed>}, or {@code <version>} alone when it changed
 * more than {@value #MAX_LISTED_IDS} items (a reader then loads everything), by which an index behind catches up
 * without loading every item again;
 * {@code janus:memory:vector-users} — set of the users with items.
 * Forgetting a user deletes all four (the user's id leaves no key behind); a reader whose index is ahead of the
 * version it then finds loads again.
 * <p>
 * A change writes the item, then bumps the version, then appends to the list. On one server a new item's put does all
 * three in one script (one round trip, nothing between them); elsewhere — a cluster, whose keys live on different
 * masters, and the other changes — they are separate commands: a reader may see a version before its entry, so it
 * catches up only through the versions the list holds without a gap and reads the rest next time; should a writer die
 * between the version's bump and its entry, the gap makes the next reader after the next change load everything.
 */
public final class RedisVectorStore implements VectorStore {

    private static final String USERS = "janus:memory:vector-users";

    /** How many changes (versions) the list keeps: an index further behind than that loads every item again. */
    static final int REMEMBERED_CHANGES = 512;

    /** The most item ids one entry lists; a change of more (a consolidation's removal) is listed as "everything". */
    static final int MAX_LISTED_IDS = 64;

    /** Appends one change's entry and trims the list to the last versions (one key). */
    private static final LuaScript APPEND_CHANGE = new LuaScript("""
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
            return 1
            """);

    /**
     * A put on one server: writes the item, lists its user, bumps the version and appends the change's entry (the
     * version, a space, the JSON array of ids) trimmed as {@link #APPEND_CHANGE} trims; returns the version.
     */
    private static final LuaScript PUT = new LuaScript("""
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            local version = redis.call('INCR', KEYS[3])
            redis.call('RPUSH', KEYS[4], string.format('%d', version) .. ' ' .. ARGV[5])
            redis.call('LTRIM', KEYS[4], -tonumber(ARGV[4]), -1)
            return version
            """);

    /** Sets the item's field only if it exists (one key: the script runs on Redis Cluster too); 1 if it did. */
    private static final LuaScript REPLACE = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    private final SharedRedis redis;
    private final JsonMapper json = JsonMapper.builder().addModule(new RecordConstructors()).build();

    public RedisVectorStore(SharedRedis redis) {
        this.redis = redis;
    }

    static String key(String userId) {
        return "janus:memory:vectors:" + userId;
    }

    static String versionKey(String userId) {
        return "janus:memory:vectors-version:" + userId;
    }

    static String changesKey(String userId) {
        return "janus:memory:vectors-changes:" + userId;
    }

    @Override
    public List<StoredVector> load(String userId) {
        List<StoredVector> vectors = new ArrayList<>();
        for (String value : redis.sync().hvals(key(userId))) {
            vectors.add(decode(value));
        }
        return vectors;
    }

    private StoredVector decode(String value) {
        Stored stored = json.readValue(value, Stored.class);
        return new StoredVector(stored.item(), Int8Vector.decode(stored.vector()),
                stored.model() == null ? EmbeddingModels.MINILM : stored.model());
    }

    @Override
    public long put(StoredVector vector) {
        String userId = vector.item().userId();
        String itemId = vector.item().id();
        String stored = json.writeValueAsString(Stored.of(vector));
        if (!redis.isCluster()) {
            Long version = PUT.run(redis.sync(), ScriptOutputType.INTEGER,
                    new String[] { key(userId), USERS, versionKey(userId), changesKey(userId) },
                    List.of(itemId, stored, userId, Integer.toString(REMEMBERED_CHANGES),
                            json.writeValueAsString(List.of(itemId))));
            return Objects.requireNonNull(version, "the put script returns the version");
        }
        // the version may live on another master: bumped only once the item is written there
        RedisClusterAsyncCommands<String, String> commands = redis.async();
        redis.awaitAll(List.of(commands.hset(key(userId), itemId, stored), commands.sadd(USERS, userId)), key(userId),
                USERS);
        return changed(userId, List.of(itemId));
    }

    @Override
    public long replaceIfPresent(StoredVector vector) {
        String userId = vector.item().userId();
        Long replaced = REPLACE.run(redis.sync(), ScriptOutputType.INTEGER, new String[] { key(userId) },
                List.of(vector.item().id(), json.writeValueAsString(Stored.of(vector))));
        return replaced != null && replaced == 1L ? changed(userId, List.of(vector.item().id())) : -1;
    }

    @Override
    public long remove(String userId, Collection<String> itemIds) {
        if (!itemIds.isEmpty()) {
            redis.sync().hdel(key(userId), itemIds.toArray(String[]::new));
        }
        return changed(userId, itemIds);
    }

    @Override
    public int forget(String userId) {
        Long count = redis.sync().hlen(key(userId));
        redis.sync().del(key(userId));
        redis.sync().srem(USERS, userId);
        redis.sync().del(changesKey(userId), versionKey(userId));
        return count == null ? 0 : count.intValue();
    }

    /** Bumps the user's version and records which items that version changed; returns the version. */
    private long changed(String userId, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return version(userId);
        }
        return listChange(userId, redis.sync().incr(versionKey(userId)), itemIds);
    }

    /** Appends the change of {@code version} to the user's list of changes; returns the version. */
    private long listChange(String userId, long version, Collection<String> itemIds) {
        String entry = itemIds.size() > MAX_LISTED_IDS ? Long.toString(version)
                : version + " " + json.writeValueAsString(itemIds);
        APPEND_CHANGE.run(redis.sync(), ScriptOutputType.INTEGER, new String[] { changesKey(userId) },
                List.of(Integer.toString(REMEMBERED_CHANGES), entry));
        return version;
    }

    @Override
    public Optional<Changes> changesSince(String userId, long version) {
        TreeMap<Long, String> byVersion = new TreeMap<>();
        for (String entry : redis.sync().lrange(changesKey(userId), 0, -1)) {
            int space = entry.indexOf(' ');
            long changeVersion = Long.parseLong(space < 0 ? entry : entry.substring(0, space));
            if (changeVersion > version) {
                byVersion.put(changeVersion, space < 0 ? "" : entry.substring(space + 1));
            }
        }
        if (!byVersion.isEmpty() && byVersion.firstKey() != version + 1) {
            return Optional.empty(); // trimmed past the index's version
        }
        long through = version;
        Set<String> itemIds = new HashSet<>();
        for (Map.Entry<Long, String> change : byVersion.entrySet()) {
            if (change.getKey() != through + 1) {
                break; // a change whose entry is not written yet: caught up with it next time
            }
            if (change.getValue().isEmpty()) {
                return Optional.empty(); // too many items to list
            }
            through = change.getKey();
            itemIds.addAll(List.of(json.readValue(change.getValue(), String[].class)));
        }
        return Optional.of(new Changes(through, itemIds));
    }

    @Override
    public Map<String, StoredVector> find(String userId, Collection<String> itemIds) {
        Map<String, StoredVector> found = new HashMap<>();
        if (itemIds.isEmpty()) {
            return found;
        }
        redis.sync().hmget(key(userId), itemIds.toArray(String[]::new)).forEach(value -> {
            if (value.hasValue()) {
                StoredVector stored = decode(value.getValue());
                found.put(stored.item().id(), stored);
            }
        });
        return found;
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
