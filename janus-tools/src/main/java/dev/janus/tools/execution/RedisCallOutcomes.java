package dev.janus.tools.execution;

import java.time.Duration;

import dev.janus.redis.LuaScript;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import io.lettuce.core.SetArgs;

/**
 * Call outcomes in Redis, shared by the tools instances: {@code janus:tools:call:<request id>:<call id>} holds
 * {@value #RUNNING} while the call runs, then its result event as JSON, with the retention as TTL. The claim is
 * {@code SET NX GET}, so of two instances handling the same request one runs the call, and the other learns in the
 * same round trip whether it finished.
 */
public final class RedisCallOutcomes implements CallOutcomes {

    static final String PREFIX = "janus:tools:call:";
    static final String RUNNING = "running";

    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private final SharedRedis redis;
    private final EventCodec codec;

    public RedisCallOutcomes(SharedRedis redis, EventCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** {@code SET NX GET} (Redis 7): the claim and the look at what was there are one round trip. */
    @Override
    public Claim claim(String requestId, String callId, Duration retention) {
        String before = redis.sync().setGet(key(requestId, callId), RUNNING,
                SetArgs.Builder.nx().px(retention.toMillis()));
        if (before == null) {
            return Claim.WON;
        }
        return before.equals(RUNNING) ? Claim.RUNNING : Claim.finished(codec.decode(before));
    }

    @Override
    public void release(String requestId, String callId) {
        RELEASE.run(redis.sync(), io.lettuce.core.ScriptOutputType.INTEGER, new String[] { key(requestId, callId) },
                java.util.List.of(RUNNING));
    }

    @Override
    public void finish(String requestId, String callId, JanusEvent result, Duration retention) {
        redis.sync().set(key(requestId, callId), codec.encodeToString(result), SetArgs.Builder.px(retention.toMillis()));
    }

    /** Scans the stored results (they expire after their retention, so there are few): erasure is rare. */
    @Override
    public int forgetUser(String userId) {
        int forgotten = 0;
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.KeyScanCursor<String> page = redis.sync().scan(cursor,
                    io.lettuce.core.ScanArgs.Builder.matches(PREFIX + "*").limit(500));
            for (String key : page.getKeys()) {
                String value = redis.sync().get(key);
                if (value != null && !value.equals(RUNNING) && userId.equals(codec.decode(value).context().userId())) {
                    redis.sync().del(key);
                    forgotten++;
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return forgotten;
    }

    private static String key(String requestId, String callId) {
        return PREFIX + requestId + ":" + callId;
    }
}
