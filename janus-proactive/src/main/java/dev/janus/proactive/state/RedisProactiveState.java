package dev.janus.proactive.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.janus.redis.BucketedKey;
import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * {@link ProactiveState} in Redis, shared by every replica. Keys:
 * <ul>
 * <li>{@code janus:proactive:window:<key>} — sorted set of members scored by when they were added (epoch ms),
 * expiring one window after the newest add;</li>
 * <li>{@code janus:proactive:claim:<key>} — string holding the owner, expiring after the claim's ttl;</li>
 * <li>{@code janus:proactive:due:{b<n>}} — sorted sets of scheduled members scored by due time, with their
 * payloads in the hashes {@code janus:proactive:due:payloads:{b<n>}}: the schedule split into
 * {@value BucketedKey#BUCKETS} buckets by member ({@link BucketedKey}), so the scripts touch one slot;</li>
 * <li>{@code janus:proactive:record:<key>} — hash of a record, expiring after its ttl.</li>
 * </ul>
 * Each step that decides something is one Lua script, so it is atomic. Window times compare the replicas'
 * clocks, which must agree to well within the shortest window. Every script touches keys of one slot, so this
 * runs on a single Redis and on Redis Cluster alike.
 */
public final class RedisProactiveState implements ProactiveState {

    private static final String PREFIX = "janus:proactive:";
    private static final BucketedKey DUE = new BucketedKey(PREFIX + "due");
    private static final BucketedKey DUE_PAYLOADS = new BucketedKey(PREFIX + "due:payloads");

    private static final LuaScript ADD = new LuaScript("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            local size = redis.call('ZCARD', KEYS[1])
            local newest = redis.call('ZRANGE', KEYS[1], -tonumber(ARGV[5]), -1)
            table.insert(newest, 1, tostring(size))
            return newest
            """);

    private static final LuaScript ADMIT = new LuaScript("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """);

    private static final LuaScript CLAIM = new LuaScript("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
            return 0
            """);

    private static final LuaScript SCHEDULE = new LuaScript("""
            if redis.call('ZADD', KEYS[1], 'NX', ARGV[3], ARGV[1]) == 1 then
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            end
            return 1
            """);

    /** Removes a scheduled member and its payload together (both keys share the member's bucket). */
    private static final LuaScript UNSCHEDULE = new LuaScript("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
            return 1
            """);

    /** Replaces a record and gives it its expiry in one step, so no record is ever left without one. */
    private static final LuaScript PUT = new LuaScript("""
            redis.call('DEL', KEYS[1])
            if #ARGV > 1 then
              redis.call('HSET', KEYS[1], unpack(ARGV, 2))
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return 1
            """);

    /** Leases what is due: moves each due member's score to the lease's end and returns members and payloads. */
    private static final LuaScript TAKE_DUE = new LuaScript("""
            local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
            local taken = {}
            for _, member in ipairs(members) do
              local payload = redis.call('HGET', KEYS[2], member)
              if payload then
                redis.call('ZADD', KEYS[1], ARGV[3], member)
                table.insert(taken, member)
                table.insert(taken, payload)
              else
                redis.call('ZREM', KEYS[1], member)
              end
            end
            return taken
            """);

    private final SharedRedis redis;

    public RedisProactiveState(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public Window add(String key, String member, Instant at, Duration window) {
        List<String> reply = ADD.run(commands(), ScriptOutputType.MULTI, new String[] { windowKey(key) },
                List.of(member, Long.toString(at.toEpochMilli()), Long.toString(at.minus(window).toEpochMilli()),
                        Long.toString(window.toMillis()), Integer.toString(Window.EVIDENCE)));
        List<String> values = reply == null ? List.of("0") : reply;
        return new Window(Integer.parseInt(values.get(0)), values.subList(1, values.size()));
    }

    @Override
    public boolean admit(String key, String member, Instant at, Duration window, int limit) {
        Long admitted = ADMIT.run(commands(), ScriptOutputType.INTEGER, new String[] { windowKey(key) },
                List.of(member, Long.toString(at.toEpochMilli()), Long.toString(at.minus(window).toEpochMilli()),
                        Long.toString(window.toMillis()), Integer.toString(limit)));
        return admitted != null && admitted == 1L;
    }

    @Override
    public boolean isAdmissible(String key, String member, Instant at, Duration window, int limit) {
        String windowKey = windowKey(key);
        Double score = commands().zscore(windowKey, member);
        return (score != null && score > at.minus(window).toEpochMilli()) || size(key, at, window) < limit;
    }

    @Override
    public int size(String key, Instant at, Duration window) {
        Long size = commands().zcount(windowKey(key),
                Range.create(at.minus(window).toEpochMilli() + 1, Long.MAX_VALUE));
        return size == null ? 0 : size.intValue();
    }

    @Override
    public void clear(String key) {
        commands().del(windowKey(key));
    }

    @Override
    public boolean claim(String key, String owner, Duration ttl) {
        Long claimed = CLAIM.run(commands(), ScriptOutputType.INTEGER, new String[] { PREFIX + "claim:" + key },
                List.of(owner, Long.toString(ttl.toMillis())));
        return claimed != null && claimed == 1L;
    }

    @Override
    public boolean isClaimable(String key, String owner) {
        String holder = commands().get(PREFIX + "claim:" + key);
        return holder == null || holder.equals(owner);
    }

    @Override
    public void schedule(String member, String payload, Instant due) {
        SCHEDULE.run(commands(), ScriptOutputType.INTEGER,
                new String[] { DUE.keyOf(member), DUE_PAYLOADS.keyOf(member) },
                List.of(member, payload, Long.toString(due.toEpochMilli())));
    }

    @Override
    public void unschedule(String member) {
        UNSCHEDULE.run(commands(), ScriptOutputType.INTEGER,
                new String[] { DUE.keyOf(member), DUE_PAYLOADS.keyOf(member) }, List.of(member));
    }

    @Override
    public Map<String, String> takeDue(Instant now, int max) {
        Map<String, String> taken = new LinkedHashMap<>();
        String leaseUntil = Long.toString(now.plus(TAKE_LEASE).toEpochMilli());
        for (int bucket = 0; bucket < BucketedKey.BUCKETS && taken.size() < max; bucket++) {
            List<String> flat = TAKE_DUE.run(commands(), ScriptOutputType.MULTI,
                    new String[] { DUE.key(bucket), DUE_PAYLOADS.key(bucket) },
                    List.of(Long.toString(now.toEpochMilli()), Integer.toString(max - taken.size()), leaseUntil));
            for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
                taken.put(flat.get(i), flat.get(i + 1));
            }
        }
        return taken;
    }

    @Override
    public void put(String key, Map<String, String> fields, Duration ttl) {
        List<String> arguments = new ArrayList<>(1 + 2 * fields.size());
        arguments.add(Long.toString(ttl.toMillis()));
        fields.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        PUT.run(commands(), ScriptOutputType.INTEGER, new String[] { PREFIX + "record:" + key }, arguments);
    }

    @Override
    public Optional<Map<String, String>> get(String key) {
        Map<String, String> fields = commands().hgetall(PREFIX + "record:" + key);
        return fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    private RedisClusterCommands<String, String> commands() {
        return redis.sync();
    }

    private static String windowKey(String key) {
        return PREFIX + "window:" + key;
    }
}
