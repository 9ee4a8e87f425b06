package dev.janus.memory.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.janus.events.RecordConstructors;
import dev.janus.redis.BucketedKey;
import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * History in Redis, shared by every memory replica and kept across restarts (with AOF, across a restart of Redis):
 * <ul>
 * <li>{@code janus:memory:history:{<stream_id>}} — sorted set of entries as JSON, scored by their time in
 * microseconds;</li>
 * <li>{@code janus:memory:history-sources:{<stream_id>}} — set of the source event ids the stream has stored: the
 * idempotency guard, checked and written in the same script as the entry (both keys carry the stream's hash tag,
 * so they share a slot on a Redis Cluster);</li>
 * <li>{@code janus:memory:history-streams:{b<n>}} — sets of every stream with history, split into
 * {@value BucketedKey#BUCKETS} buckets by stream id ({@link BucketedKey});</li>
 * <li>{@code janus:memory:user-streams:<user_id>} — set of the streams holding entries of the user.</li>
 * </ul>
 * The two indexes are sent before the entry, outside its script, all three together (one round trip). On one Redis they
 * are applied in that order: a crash in between leaves an index naming a stream without the entry, which readers take
 * in their stride, and never an entry no index finds. On a Redis Cluster an index may live on another master, so a
 * reader may find the entry a moment before an index lists its stream; an append whose index writes failed fails as a
 * whole and is retried (each of its writes is idempotent), so no entry stays without its indexes.
 */
public final class RedisHistoryStore implements HistoryStore {

    static final String PREFIX = "janus:memory:";
    static final BucketedKey STREAMS = new BucketedKey(PREFIX + "history-streams");
    private static final LuaScript APPEND = new LuaScript("""
            if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            return 1
            """);

    private final SharedRedis redis;
    private final JsonMapper json = JsonMapper.builder().addModule(new RecordConstructors()).build();

    public RedisHistoryStore(SharedRedis redis) {
        this.redis = redis;
    }

    static String historyKey(String streamId) {
        return PREFIX + "history:{" + streamId + "}";
    }

    static String sourcesKey(String streamId) {
        return PREFIX + "history-sources:{" + streamId + "}";
    }

    static String userStreamsKey(String userId) {
        return PREFIX + "user-streams:" + userId;
    }

    @Override
    public boolean append(HistoryEntry entry) {
        RedisClusterAsyncCommands<String, String> commands = redis.async();
        List<CompletionStage<?>> indexed = index(commands, entry);
        String[] keys = { sourcesKey(entry.streamId()), historyKey(entry.streamId()) };
        CompletionStage<Long> stored = APPEND.runAsync(commands, ScriptOutputType.INTEGER, keys,
                entry.sourceEventId(), Double.toString(score(entry.at())), json.writeValueAsString(entry));
        List<CompletionStage<?>> replies = new ArrayList<>(indexed);
        replies.add(stored);
        redis.awaitAll(replies, writtenKeys(entry, keys));
        Long appended = redis.await(stored);
        return appended != null && appended == 1L;
    }

    /** Sends the entry's stream to the two indexes (before the entry: see the class comment). */
    private static List<CompletionStage<?>> index(RedisClusterAsyncCommands<String, String> commands,
            HistoryEntry entry) {
        List<CompletionStage<?>> replies = new ArrayList<>(2);
        replies.add(commands.sadd(STREAMS.keyOf(entry.streamId()), entry.streamId()));
        if (entry.userId() != null) {
            replies.add(commands.sadd(userStreamsKey(entry.userId()), entry.streamId()));
        }
        return replies;
    }

    private static String[] writtenKeys(HistoryEntry entry, String... entryKeys) {
        List<String> keys = new ArrayList<>(List.of(entryKeys));
        keys.add(STREAMS.keyOf(entry.streamId()));
        if (entry.userId() != null) {
            keys.add(userStreamsKey(entry.userId()));
        }
        return keys.toArray(String[]::new);
    }

    @Override
    public Supplier<List<HistoryEntry>> readRecent(String streamId, int limit) {
        if (limit <= 0) {
            return List::of;
        }
        CompletionStage<List<String>> reply = redis.async().zrange(historyKey(streamId), -limit, -1);
        return () -> decode(redis.await(reply));
    }

    @Override
    public List<HistoryEntry> all(String streamId) {
        return decode(redis.sync().zrange(historyKey(streamId), 0, -1));
    }

    @Override
    public void replace(String streamId, List<HistoryEntry> removed, @Nullable HistoryEntry added) {
        RedisClusterCommands<String, String> commands = redis.sync();
        String key = historyKey(streamId);
        List<String> members = membersOf(streamId, ids(removed));
        // A MULTI on the shared connection would interleave with other threads' commands; removing before adding
        // is the safe order: a crash in between loses a summary, never duplicates turns.
        if (!members.isEmpty()) {
            commands.zrem(key, members.toArray(String[]::new));
        }
        if (added != null) {
            redis.awaitAll(index(redis.async(), added), writtenKeys(added));
            commands.sadd(sourcesKey(streamId), added.sourceEventId());
            commands.zadd(key, score(added.at()), json.writeValueAsString(added));
        }
    }

    @Override
    public Set<String> streams() {
        Set<String> streams = new HashSet<>();
        for (String bucket : STREAMS.keys()) {
            streams.addAll(redis.sync().smembers(bucket));
        }
        return Set.copyOf(streams);
    }

    @Override
    public Set<String> streamsOf(String userId) {
        return Set.copyOf(redis.sync().smembers(userStreamsKey(userId)));
    }

    @Override
    public Optional<HistoryEntry> remove(String userId, String entryId) {
        for (String streamId : streamsOf(userId)) {
            for (String member : redis.sync().zrange(historyKey(streamId), 0, -1)) {
                HistoryEntry entry = json.readValue(member, HistoryEntry.class);
                if (entry.id().equals(entryId) && userId.equals(entry.userId())) {
                    redis.sync().zrem(historyKey(streamId), member);
                    redis.sync().srem(sourcesKey(streamId), entry.sourceEventId());
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<HistoryEntry> forget(String userId) {
        List<HistoryEntry> removed = new ArrayList<>();
        RedisClusterCommands<String, String> commands = redis.sync();
        for (String streamId : streamsOf(userId)) {
            List<String> members = new ArrayList<>();
            for (String member : commands.zrange(historyKey(streamId), 0, -1)) {
                HistoryEntry entry = json.readValue(member, HistoryEntry.class);
                if (userId.equals(entry.userId())) {
                    members.add(member);
                    removed.add(entry);
                    commands.srem(sourcesKey(streamId), entry.sourceEventId());
                }
            }
            if (!members.isEmpty()) {
                commands.zrem(historyKey(streamId), members.toArray(String[]::new));
            }
        }
        commands.del(userStreamsKey(userId));
        return removed;
    }

    private List<String> membersOf(String streamId, Set<String> ids) {
        List<String> members = new ArrayList<>();
        if (ids.isEmpty()) {
            return members;
        }
        for (String member : redis.sync().zrange(historyKey(streamId), 0, -1)) {
            if (ids.contains(json.readValue(member, HistoryEntry.class).id())) {
                members.add(member);
            }
        }
        return members;
    }

    private List<HistoryEntry> decode(List<String> members) {
        List<HistoryEntry> entries = new ArrayList<>(members.size());
        for (String member : members) {
            entries.add(json.readValue(member, HistoryEntry.class));
        }
        return entries;
    }

    private static Set<String> ids(List<HistoryEntry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(entry -> ids.add(entry.id()));
        return ids;
    }

    /** Microseconds since the epoch: exact in a double until the year 2255, and finer than one turn. */
    private static double score(Instant at) {
        return at.getEpochSecond() * 1_000_000.0 + at.getNano() / 1_000;
    }
}
