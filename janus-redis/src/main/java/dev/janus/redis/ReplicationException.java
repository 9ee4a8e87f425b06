package dev.janus.redis;

import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

/**
 * A write that its master took but fewer replicas than {@code janus.bus.redis.wait-replicas} acknowledged in time:
 * it is not confirmed, and may be lost if the master dies. Like Redis being out of reach, it is worth trying again
 * later ({@link RedisOutage#explains}).
 */
public final class ReplicationException extends RedisException {

    ReplicationException(String message) {
        super(message);
    }

    ReplicationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
