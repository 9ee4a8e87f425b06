package dev.janus.input.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redis, so every input node sees every session: each is a JSON string at
 * {@code janus:session:<stream_id>} (expiring well after the idle timeout, as a safety net), and the
 * sorted set {@code janus:sessions:activity} orders them by last activity for idle expiry.
 * An update is a compare and set, so concurrent updates of one session from two nodes both count, and a session
 * removed since it was read (ended by another node) is not stored again; removal is atomic (GETDEL), so exactly one
 * node ends an expired session.
 */
public final class RedisSessionRegistry implements SessionRegistry {

    private static final String ACTIVITY = "janus:sessions:activity";
    private static final long REPLACED = 1;
    /**
     * Replaces the session (KEYS[1]) with ARGV[2], expiring in ARGV[3] ms, if it is still ARGV[1], as it was read:
     * 1; else (changed or removed since) leaves it: 0.
     */
    private static final LuaScript REPLACE_IF_UNCHANGED = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    private final SharedRedis redis;
    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final long expiryMillis;

    public RedisSessionRegistry(SharedRedis redis, Duration idleTimeout) {
        this.redis = redis;
        this.expiryMillis = idleTimeout.multipliedBy(2).toMillis();
    }

    @Override
    public boolean create(ActiveSession session) {
        String stored = redis.sync().set(key(session.sessionId()), json.writeValueAsString(session),
                SetArgs.Builder.nx().px(expiryMillis));
        if (!"OK".equals(stored)) {
            return false;
        }
        redis.sync().zadd(ACTIVITY, session.lastActivity().toEpochMilli(), session.sessionId());
        return true;
    }

    @Override
    public Optional<ActiveSession> find(String sessionId) {
        return Optional.ofNullable(read(redis.sync().get(key(sessionId))));
    }

    @Override
    public Optional<ActiveSession> update(String sessionId, UnaryOperator<ActiveSession> change) {
        String key = key(sessionId);
        // compare and set, as AtomicReference.updateAndGet: a write refused because the session changed since it
        // was read (another node's update, or an end and a new session) reads and changes it again; each refusal
        // means another writer got through
        while (true) {
            String read = redis.sync().get(key);
            if (read == null) {
                return Optional.empty();
            }
            ActiveSession updated = change.apply(json.readValue(read, ActiveSession.class));
            // the activity time goes in the same round trip and moves only a session still listed (XX); a refused
            // write's retry sends it again
            CompletionStage<Long> replaced = REPLACE_IF_UNCHANGED.runAsync(redis.async(), ScriptOutputType.INTEGER,
                    new String[] { key }, read, json.writeValueAsString(updated), Long.toString(expiryMillis));
            redis.awaitAll(List.of(replaced, redis.async().zadd(ACTIVITY, ZAddArgs.Builder.xx(),
                    updated.lastActivity().toEpochMilli(), sessionId)), key, ACTIVITY);
            Long outcome = redis.await(replaced);
            if (outcome != null && outcome == REPLACED) {
                return Optional.of(updated);
            }
        }
    }

    @Override
    public Optional<ActiveSession> remove(String sessionId) {
        ActiveSession removed = read(redis.sync().getdel(key(sessionId)));
        redis.sync().zrem(ACTIVITY, sessionId);
        return Optional.ofNullable(removed);
    }

    @Override
    public List<String> idleSince(Instant cutoff) {
        return redis.sync().zrangebyscore(ACTIVITY, Range.create(Double.NEGATIVE_INFINITY, (double) cutoff.toEpochMilli()));
    }

    @Override
    public long count() {
        return redis.sync().zcard(ACTIVITY);
    }

    private @Nullable ActiveSession read(@Nullable String stored) {
        return stored == null ? null : json.readValue(stored, ActiveSession.class);
    }

    private static String key(String sessionId) {
        return "janus:session:" + sessionId;
    }
}
