package dev.janus.tools.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.janus.redis.BucketedKey;
import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import dev.janus.tools.registry.CallOrigin;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

/**
 * Reminders in Redis, shared by every tools instance and kept across restarts:
 * <ul>
 * <li>{@code janus:tools:reminder:{b<n>}:<id>} — a hash: text, due_at, request_id, stream_id, correlation_id,
 * trace_id, user_id, channel;</li>
 * <li>{@code janus:tools:reminders:due:{b<n>}} — sorted sets of the ids waiting, by due time (epoch ms);</li>
 * <li>{@code janus:tools:reminders:leased:{b<n>}} — sorted sets of the ids claimed by an instance, by the end of
 * the claim's lease;</li>
 * <li>{@code janus:tools:reminders:user:<user_id>} — a sorted set of the ids of a user's reminders, by due time, to
 * count them ({@link #admit}: one script, so two calls at once never both take the last place) and to cancel them
 * when the user is erased. An id joins it before its reminder is stored and leaves it after the reminder is gone, so
 * a failure between the two leaves an id too many, never one too few; such an id stops counting
 * {@link ReminderStore#COUNTED_PAST_DUE} after its due time.</li>
 * </ul>
 * The schedule is split into {@value BucketedKey#BUCKETS} buckets by reminder id ({@link BucketedKey}); a
 * reminder's hash carries its bucket's tag, so the scripts that add and claim touch one slot on a Redis Cluster too.
 * Adding and claiming run as Lua scripts, so two instances never claim one reminder at once.
 */
public final class RedisReminderStore implements ReminderStore {

    static final BucketedKey DUE = new BucketedKey("janus:tools:reminders:due");
    static final BucketedKey LEASED = new BucketedKey("janus:tools:reminders:leased");
    static final String PREFIX = "janus:tools:reminder:";
    static final String USER_PREFIX = "janus:tools:reminders:user:";

    private static final LuaScript ADD = new LuaScript("""
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            redis.call('HSET', KEYS[2], unpack(ARGV, 3))
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    /** Counts a reminder for its user unless the user has {@code ARGV[4]} counted already (one key, one script). */
    private static final LuaScript ADMIT = new LuaScript("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
            if redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 1 end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
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

    /** How many reminders' users an erasure reads in one pipelined burst. */
    private static final int CANCEL_BATCH = 1_000;

    private final SharedRedis redis;

    public RedisReminderStore(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public boolean admit(String userId, String reminderId, Instant dueAt, Instant now, int most) {
        Long admitted = ADMIT.run(redis.sync(), ScriptOutputType.INTEGER, new String[] { userKey(userId) },
                List.of(Long.toString(now.minus(COUNTED_PAST_DUE).toEpochMilli()), reminderId,
                        Long.toString(dueAt.toEpochMilli()), Integer.toString(most)));
        return admitted != null && admitted == 1L;
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
        Long added = ADD.run(redis.sync(), ScriptOutputType.INTEGER,
                new String[] { DUE.keyOf(reminder.id()), key(reminder.id()) }, args);
        return added != null && added == 1L;
    }

    @Override
    public List<Reminder> claimDue(Instant now, Duration lease, int max) {
        List<Object> ids = new ArrayList<>();
        for (int bucket = 0; bucket < BucketedKey.BUCKETS && ids.size() < max; bucket++) {
            List<Object> inBucket = CLAIM.run(redis.sync(), ScriptOutputType.MULTI,
                    new String[] { DUE.key(bucket), LEASED.key(bucket) },
                    List.of(Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
                            Integer.toString(max - ids.size())));
            if (inBucket != null) {
                ids.addAll(inBucket);
            }
        }
        List<Reminder> claimed = new ArrayList<>();
        for (Object value : ids) {
            String id = String.valueOf(value);
            Map<String, String> fields = redis.sync().hgetall(key(id));
            Reminder reminder = fields == null ? null : reminderOf(id, fields);
            if (reminder == null) {
                redis.sync().zrem(LEASED.keyOf(id), id);
                continue;
            }
            claimed.add(reminder);
        }
        return claimed;
    }

    @Override
    public void complete(String id) {
        complete(id, redis.sync().hget(key(id), "user_id"));
    }

    /** Completes the reminder {@code id} of {@code userId} (absent: of no known user). */
    private void complete(String id, @Nullable String userId) {
        // the schedule's entries and the hash go in one round trip; the user's count only once the reminder is gone
        redis.awaitAll(List.of(redis.async().zrem(LEASED.keyOf(id), id), redis.async().zrem(DUE.keyOf(id), id),
                redis.async().del(key(id))), LEASED.keyOf(id), DUE.keyOf(id), key(id));
        if (userId != null) {
            redis.sync().zrem(userKey(userId), id);
        }
    }

    /**
     * Cancels the user's reminders: those its set names, and — for reminders stored before the sets were kept —
     * every other waiting reminder whose user is {@code userId}, their users read in pipelined batches.
     */
    @Override
    public int cancelOf(String userId) {
        Set<String> ids = new LinkedHashSet<>(redis.sync().zrange(userKey(userId), 0, -1));
        Set<String> waiting = new LinkedHashSet<>();
        for (int bucket = 0; bucket < BucketedKey.BUCKETS; bucket++) {
            waiting.addAll(redis.sync().zrange(DUE.key(bucket), 0, -1));
            waiting.addAll(redis.sync().zrange(LEASED.key(bucket), 0, -1));
        }
        List<String> unknown = waiting.stream().filter(id -> !ids.contains(id)).toList();
        for (int from = 0; from < unknown.size(); from += CANCEL_BATCH) {
            List<String> batch = unknown.subList(from, Math.min(unknown.size(), from + CANCEL_BATCH));
            List<RedisFuture<String>> users = batch.stream().map(id -> redis.async().hget(key(id), "user_id")).toList();
            for (int i = 0; i < batch.size(); i++) {
                if (userId.equals(redis.await(users.get(i)))) {
                    ids.add(batch.get(i));
                }
            }
        }
        int cancelled = 0;
        for (String id : ids) {
            if (waiting.contains(id)) {
                cancelled++;
                complete(id, null);
            }
        }
        if (!ids.isEmpty()) {
            // the user's count in one round trip, once the reminders are gone (some counted were gone already)
            redis.sync().zrem(userKey(userId), ids.toArray(String[]::new));
        }
        return cancelled;
    }

    @Override
    public long pendingOf(String userId) {
        return redis.sync().zcard(userKey(userId));
    }

    @Override
    public long pending() {
        long pending = 0;
        for (int bucket = 0; bucket < BucketedKey.BUCKETS; bucket++) {
            pending += redis.sync().zcard(DUE.key(bucket)) + redis.sync().zcard(LEASED.key(bucket));
        }
        return pending;
    }

    /** The reminder a hash holds; null when the hash is gone or lacks a field every reminder has. */
    private static @Nullable Reminder reminderOf(String id, Map<String, String> fields) {
        String text = fields.get("text");
        String dueAt = fields.get("due_at");
        String requestId = fields.get("request_id");
        String streamId = fields.get("stream_id");
        String correlationId = fields.get("correlation_id");
        String traceId = fields.get("trace_id");
        if (text == null || dueAt == null || requestId == null || streamId == null || correlationId == null
                || traceId == null) {
            return null;
        }
        return new Reminder(id, text, Instant.parse(dueAt), new CallOrigin(requestId, streamId, correlationId, traceId,
                fields.get("user_id"), fields.get("channel")));
    }

    private static String userKey(String userId) {
        return USER_PREFIX + userId;
    }

    /** The hash of a reminder: {@code janus:tools:reminder:{b<n>}:<id>}, in its schedule's bucket. */
    static String key(String id) {
        return PREFIX + BucketedKey.tagOf(id) + ":" + id;
    }
}
