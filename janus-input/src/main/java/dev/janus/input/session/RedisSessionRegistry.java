package dev.janus.input.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.janus.redis.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redis, so every input node sees every session: each is a JSON string at
 * {@code janus:session:<stream_id>} (expiring well after the idle timeout, as a safety net), and the
 * sorted set {@code janus:sessions:activity} orders them by last activity for idle expiry.
 * Concurrent updates of one session from two nodes are last-writer-wins, but an update never stores again a
 * session removed since it was read; removal is atomic (GETDEL), so exactly one node ends an expired session.
 */
public final class RedisSessionRegistry implements SessionRegistry {

    private static final String ACTIVITY = "janus:sessions:activity";

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
        return find(sessionId).map(change).flatMap(updated -> {
            // sent together, one round trip: each write stands alone (a lost one leaves an activity time or a session
            // a moment old). Both only replace what is there (XX), so a session removed since it was read — ended by
            // another node — is not stored again.
            String key = key(sessionId);
            RedisFuture<String> stored = redis.async().set(key, json.writeValueAsString(updated),
                    SetArgs.Builder.xx().px(expiryMillis));
            redis.awaitAll(List.of(stored, redis.async().zadd(ACTIVITY, ZAddArgs.Builder.xx(),
                    updated.lastActivity().toEpochMilli(), sessionId)), key, ACTIVITY);
            return "OK".equals(redis.await(stored)) ? Optional.of(updated) : Optional.empty();
        });
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
