package dev.janus.tools.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.janus.bus.redis.LuaScript;
import dev.janus.bus.redis.SharedRedis;
import dev.janus.tools.registry.CallOrigin;
import io.lettuce.core.ScriptOutputType;

/**
 * Reminders in Redis, shared by every tools instance and kept across restarts:
 * <ul>
 * <li>{@code janus:tools:reminder:<id>} — a hash: text, due_at, request_id, stream_id, correlation_id, trace_id,
 * user_id, channel;</li>
 * <li>{@code janus:tools:reminders:due} — a sorted set of the ids waiting, by due time (epoch ms);</li>
 * <li>{@code janus:tools:reminders:leased} — a sorted set of the ids claimed by an instance, by the end of the
 * claim's lease.</li>
 * </ul>
 * Adding and claiming run as Lua scripts, so two instances never claim one reminder at once.
 */
public final class RedisReminderStore implements ReminderStore {

    static final String DUE = "janus:tools:reminders:due";
    static final String LEASED = "janus:tools:reminders:leased";
    static final String PREFIX = "janus:tools:reminder:";

    private static final LuaScript ADD = new LuaScript("""
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            redis.call('HSET', KEYS[2], unpack(ARGV, 3))
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    private static final LuaScript CLAIM = new LuaScript("""
            local now = tonumber(ARGV[1])
            local max = tonumber(ARGV[3])
            local claimed = {}
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, max)) do
              redis.call('ZADD', KEYS[2], ARGV[2], id)
              table.insert(claimed, id)
            end
            if #claimed < max then
              for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, max - #claimed)) do
                redis.call('ZREM', KEYS[1], id)
                redis.call('ZADD', KEYS[2], ARGV[2], id)
                table.insert(claimed, id)
              end
            end
            return claimed
            """);

    private final SharedRedis redis;

    public RedisReminderStore(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public boolean add(Reminder reminder) {
        CallOrigin origin = reminder.origin();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("text", reminder.text());
        fields.put("due_at", reminder.dueAt().toString());
        fields.put("request_id", origin.requestId());
        fields.put("stream_id", origin.streamId());
        fields.put("correlation_id", origin.correlationId());
        fields.put("trace_id", origin.traceId());
        if (origin.userId() != null) {
            fields.put("user_id", origin.userId());
        }
        if (origin.channel() != null) {
            fields.put("channel", origin.channel());
        }
        List<String> args = new ArrayList<>();
        args.add(Long.toString(reminder.dueAt().toEpochMilli()));
        args.add(reminder.id());
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Long added = ADD.run(redis.sync(), ScriptOutputType.INTEGER, new String[] { DUE, PREFIX + reminder.id() },
                args);
        return added != null && added == 1L;
    }

    @Override
    public List<Reminder> claimDue(Instant now, Duration lease, int max) {
        List<Object> ids = CLAIM.run(redis.sync(), ScriptOutputType.MULTI, new String[] { DUE, LEASED },
                List.of(Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
                        Integer.toString(max)));
        if (ids == null) {
            return List.of();
        }
        List<Reminder> claimed = new ArrayList<>();
        for (Object value : ids) {
            String id = String.valueOf(value);
            Map<String, String> fields = redis.sync().hgetall(PREFIX + id);
            if (fields == null || fields.isEmpty()) {
                redis.sync().zrem(LEASED, id);
                continue;
            }
            claimed.add(new Reminder(id, fields.get("text"), Instant.parse(fields.get("due_at")),
                    new CallOrigin(fields.get("request_id"), fields.get("stream_id"), fields.get("correlation_id"),
                            fields.get("trace_id"), fields.get("user_id"), fields.get("channel"))));
        }
        return claimed;
    }

    @Override
    public void complete(String id) {
        redis.sync().zrem(LEASED, id);
        redis.sync().zrem(DUE, id);
        redis.sync().del(PREFIX + id);
    }

    /** Looks at every waiting reminder's user: erasure is rare, reminders few. */
    @Override
    public int cancelOf(String userId) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(redis.sync().zrange(DUE, 0, -1));
        ids.addAll(redis.sync().zrange(LEASED, 0, -1));
        int cancelled = 0;
        for (String id : ids) {
            if (userId.equals(redis.sync().hget(PREFIX + id, "user_id"))) {
                complete(id);
                cancelled++;
            }
        }
        return cancelled;
    }

    @Override
    public long pending() {
        return redis.sync().zcard(DUE) + redis.sync().zcard(LEASED);
    }
}
