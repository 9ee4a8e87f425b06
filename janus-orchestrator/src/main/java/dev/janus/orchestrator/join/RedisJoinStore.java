package dev.janus.orchestrator.join;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.janus.redis.BucketedKey;
import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolResult;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;

/**
 * Joins in Redis, shared by every orchestrator replica: one hash per join,
 * {@code janus:join:{b<n>}:<correlation_id>}, expiring after the retention, and the deadlines of open joins split
 * into {@value BucketedKey#BUCKETS} sorted sets {@code janus:join:deadlines:{b<n>}} scored by deadline (epoch
 * milliseconds); a join and its deadline share the bucket tag {@code {b<n>}} of its correlation id, so one script
 * touches both on a single Redis and on Redis Cluster alike. Each step that
 * decides something is one Lua script, so it is atomic: the arrival after which everything expected is there
 * sets the join's {@code completed} field, in the same script that recorded it, while the field is absent, and
 * removes its deadline; claiming a passed deadline completes the join (unless an arrival did) and moves its
 * deadline {@link JoinStore#CLAIM_LEASE} on, in one script that first checks the deadline is still passed, so one
 * claimer gets it; {@link #settle} removes it once the request is published, and a claim not settled by then is
 * claimed again. Deadlines compare with the replicas' clocks, which must agree to well within the join
 * timeout.
 *
 * <p>Hash fields: {@code message} (the input event, JSON), {@code expects_memory} ({@code 1|0}),
 * {@code expects_intent} ({@code 1|0}; a join without it, opened by an earlier version, waits for the intent),
 * {@code expect:<call_id>} (its place in the request), {@code deadline}, {@code intent}, {@code context}, {@code tool:<call_id>} (the
 * arrived events, JSON), {@code completed} (the completing arrival's event id or {@code timeout}),
 * {@code responded} (the response event the reply was published for).
 */
public final class RedisJoinStore implements JoinStore {

    /** The sorted sets of open joins' deadlines, one per bucket. */
    public static final BucketedKey DEADLINES = new BucketedKey("janus:join:deadlines");

    private static final String KEY_PREFIX = "janus:join:";

    private static final LuaScript OPEN = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            return 1
            """);

    /**
     * Records an arrival (first of its field wins) in an open join and, when everything the join expects is then
     * there (as {@link Join#hasEverything}: the context if {@code expects_memory} is 1, the intent unless
     * {@code expects_intent} is 0, a {@code tool:<call_id>} for each {@code expect:<call_id>}), completes it with
     * this arrival's event id and returns the join; otherwise an empty list. A repeat of the completing arrival
     * gets the join again. One round trip, and the join travels only to the arrival that completes it.
     */
    private static final LuaScript ARRIVE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            local completed = redis.call('HGET', KEYS[1], 'completed')
            if completed then
              if completed == ARGV[3] then return redis.call('HGETALL', KEYS[1]) end
              return {}
            end
            redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
            local flat = redis.call('HGETALL', KEYS[1])
            local fields = {}
            for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
            if fields['expects_memory'] == '1' and not fields['context'] then return {} end
            if fields['expects_intent'] ~= '0' and not fields['intent'] then return {} end
            for name in pairs(fields) do
              if string.sub(name, 1, 7) == 'expect:' and not fields['tool:' .. string.sub(name, 8)] then
                return {}
              end
            end
            redis.call('HSET', KEYS[1], 'completed', ARGV[3])
            redis.call('ZREM', KEYS[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            table.insert(flat, 'completed')
            table.insert(flat, ARGV[3])
            return flat
            """);

    /**
     * Claims a join whose deadline (or earlier claim's lease) passed: completes it by its timeout unless an arrival
     * completed it, keeps it for the retention after this claim's lease, and moves its deadline to the lease's end;
     * returns the join, or nothing when another claimer was first or an arrival completed it.
     */
    private static final LuaScript CLAIM = new LuaScript("""
            local due = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not due or tonumber(due) > tonumber(ARGV[3]) then return {} end
            local completed = redis.call('HGET', KEYS[1], 'completed')
            if redis.call('EXISTS', KEYS[1]) == 0 or (completed and completed ~= 'timeout') then
              redis.call('ZREM', KEYS[2], ARGV[1])
              return {}
            end
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            if not completed then redis.call('HSET', KEYS[1], 'completed', 'timeout') end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return redis.call('HGETALL', KEYS[1])
            """);

    /**
     * Marks the reply's response event unless another was marked; returns the join (its hash, flat) to the first
     * response and its repeats, {@code {'another'}} once another response was marked, nothing when no join is kept.
     */
    private static final LuaScript RESPONDED = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            if redis.call('HSETNX', KEYS[1], 'responded', ARGV[1]) == 1
                or redis.call('HGET', KEYS[1], 'responded') == ARGV[1] then
              return redis.call('HGETALL', KEYS[1])
            end
            return {'another'}
            """);

    private final SharedRedis redis;
    private final EventCodec codec;
    private final Duration retention;

    /**
     * A store on the components' shared Redis connection.
     *
     * @param codec writes and reads the events kept in a join
     * @param retention how long a join's hash lives after it opened and again after it completed
     */
    public RedisJoinStore(SharedRedis redis, EventCodec codec, Duration retention) {
        this.redis = redis;
        this.codec = codec;
        this.retention = retention;
    }

    @Override
    public Opening open(Join join) {
        List<String> arguments = new ArrayList<>();
        arguments.add(join.correlationId());
        arguments.add(Long.toString(join.deadline().toEpochMilli()));
        // an open join lives until its deadline plus the retention (a timer's join waits long)
        Duration untilDeadline = Duration.between(Instant.now(), join.deadline());
        arguments.add(Long.toString(retention.plus(untilDeadline.isNegative() ? Duration.ZERO : untilDeadline)
                .toMillis()));
        arguments.addAll(List.of("message", codec.encodeToString(join.message())));
        arguments.addAll(List.of("expects_memory", join.expectsMemory() ? "1" : "0"));
        arguments.addAll(List.of("expects_intent", join.expectsIntent() ? "1" : "0"));
        arguments.addAll(List.of("deadline", Long.toString(join.deadline().toEpochMilli())));
        for (int i = 0; i < join.expectedCallIds().size(); i++) {
            arguments.addAll(List.of("expect:" + join.expectedCallIds().get(i), Integer.toString(i)));
        }
        String[] keys = keys(join.correlationId());
        CompletionStage<Long> reply = OPEN.runAsync(redis.async(), ScriptOutputType.INTEGER, keys,
                arguments.toArray(String[]::new));
        return () -> {
            redis.awaitAll(List.of(reply), keys);
            Long opened = redis.await(reply);
            return opened != null && opened == 1L;
        };
    }

    @Override
    public Optional<Join> arrive(String correlationId, JanusEvent arrival) {
        List<Object> completed = ARRIVE.run(commands(), ScriptOutputType.MULTI, keys(correlationId),
                List.of(field(arrival), codec.encodeToString(arrival), arrival.eventId(), correlationId,
                        Long.toString(retention.toMillis())));
        return completed == null || completed.isEmpty() ? Optional.empty() : Optional.of(join(completed));
    }

    @Override
    public List<Join> claimExpired(Instant now, int limit) {
        // every bucket in one round trip: this runs every join-poll-interval on every replica
        Range<Double> passed = Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli());
        List<RedisFuture<List<String>>> reads = DEADLINES.keys().stream()
                .map(bucket -> redis.async().zrangebyscore(bucket, passed, Limit.create(0, limit))).toList();
        List<String> due = new ArrayList<>();
        for (RedisFuture<List<String>> read : reads) {
            List<String> inBucket = LettuceFutures.awaitOrCancel(read, 1, TimeUnit.MINUTES);
            due.addAll(inBucket.subList(0, Math.min(inBucket.size(), limit - due.size())));
        }
        List<Join> claimed = new ArrayList<>(due.size());
        String leaseUntil = Long.toString(now.plus(CLAIM_LEASE).toEpochMilli());
        for (String correlationId : due) {
            List<Object> snapshot = CLAIM.run(commands(), ScriptOutputType.MULTI, keys(correlationId),
                    List.of(correlationId, Long.toString(retention.plus(CLAIM_LEASE).toMillis()),
                            Long.toString(now.toEpochMilli()), leaseUntil));
            if (snapshot != null && !snapshot.isEmpty()) {
                claimed.add(join(snapshot));
            }
        }
        return claimed;
    }

    @Override
    public void settle(String correlationId) {
        commands().zrem(DEADLINES.keyOf(correlationId), correlationId);
    }

    @Override
    public Optional<Join> find(String correlationId) {
        Map<String, String> fields = commands().hgetall(key(correlationId));
        return fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(join(fields));
    }

    @Override
    public ResponseMark markResponded(String correlationId, String responseEventId) {
        List<Object> kept = RESPONDED.run(commands(), ScriptOutputType.MULTI, new String[] { key(correlationId) },
                List.of(responseEventId));
        if (kept == null || kept.isEmpty()) {
            return ResponseMark.NO_JOIN;
        }
        return kept.size() == 1 ? ResponseMark.ANOTHER_WAS_FIRST : ResponseMark.first(join(kept));
    }

    /** Scans the joins (they expire after their retention, so there are few): erasure is rare. */
    @Override
    public int forgetUser(String userId) {
        int forgotten = 0;
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.KeyScanCursor<String> page = commands().scan(cursor,
                    io.lettuce.core.ScanArgs.Builder.matches(KEY_PREFIX + "{b*").limit(500));
            for (String key : page.getKeys()) {
                String message = commands().hget(key, "message");
                if (message != null && userId.equals(codec.decode(message).context().userId())) {
                    String correlationId = key.substring(key.indexOf('}') + 2);
                    commands().del(key);
                    commands().zrem(DEADLINES.keyOf(correlationId), correlationId);
                    forgotten++;
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return forgotten;
    }

    /** The shared connection belongs to the bus configuration, which closes it. */
    @Override
    public void close() {
    }

    private RedisClusterCommands<String, String> commands() {
        return redis.sync();
    }

    /** The hash of a join: {@code janus:join:{b<n>}:<correlation_id>}, in its deadline's bucket. */
    public static String key(String correlationId) {
        return KEY_PREFIX + BucketedKey.tagOf(correlationId) + ":" + correlationId;
    }

    private static String[] keys(String correlationId) {
        return new String[] { key(correlationId), DEADLINES.keyOf(correlationId) };
    }

    private static String field(JanusEvent arrival) {
        EventType type = arrival.eventType();
        if (type == EventType.ORCHESTRATOR_INTENT_CLASSIFIED) {
            return "intent";
        }
        if (type == EventType.MEMORY_CONTEXT_ASSEMBLED) {
            return "context";
        }
        if (type == EventType.TOOLS_EXECUTION_COMPLETED || type == EventType.TOOLS_EXECUTION_FAILED) {
            return "tool:" + ToolResult.of(arrival).callId();
        }
        throw new IllegalArgumentException(type + " is not an arrival of a join");
    }

    private Join join(List<Object> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return join(fields);
    }

    private Join join(Map<String, String> fields) {
        Map<String, Integer> expected = new HashMap<>();
        Map<String, JanusEvent> results = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("expect:")) {
                expected.put(name.substring("expect:".length()), Integer.parseInt(value));
            }
            else if (name.startsWith("tool:")) {
                results.put(name.substring("tool:".length()), codec.decode(value));
            }
        });
        JanusEvent message = codec.decode(required(fields, "message"));
        // Hash fields come back unordered: put the expected calls back in the order they were planned.
        List<String> ordered = expected.keySet().stream().sorted(Comparator.comparing(expected::get)).toList();
        return new Join(message, "1".equals(fields.get("expects_memory")), !"0".equals(fields.get("expects_intent")),
                ordered,
                Instant.ofEpochMilli(Long.parseLong(required(fields, "deadline"))), decoded(fields.get("intent")),
                decoded(fields.get("context")), results, fields.get("completed"));
    }

    private @Nullable JanusEvent decoded(@Nullable String json) {
        return json == null ? null : codec.decode(json);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("the join hash lacks its '" + name + "' field: it was not opened by "
                    + "RedisJoinStore or was written by an incompatible version");
        }
        return value;
    }
}
