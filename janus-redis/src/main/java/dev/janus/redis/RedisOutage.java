package dev.janus.redis;

import java.net.ConnectException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a failure caused by Redis being out of reach — refused or lost connections, commands rejected while the
 * client reconnects, commands past {@code janus.bus.redis.command-timeout}, a Redis still loading its data or
 * without a master, a write its replicas did not confirm in time ({@link ReplicationException}) — from other
 * failures. Such a request may be tried again later (HTTP 503 with
 * {@code Retry-After}); any other Redis error is a fault of Janus.
 */
public final class RedisOutage {

    private static final int MAX_CAUSES = 16;
    /** Error replies of a Redis that is up but cannot serve yet. */
    private static final String[] TRANSIENT_REPLIES = { "LOADING", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "BUSY" };

    private RedisOutage() {
    }

    /** Whether {@code failure}, or one of its causes, says that Redis cannot be reached now. */
    public static boolean explains(Throwable failure) {
        @Nullable Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException
                    || cause instanceof ConnectException || cause instanceof ReplicationException) {
                return true;
            }
            if (cause instanceof RedisCommandExecutionException error) {
                return isTransient(error.getMessage());
            }
            // "Currently not connected. Commands are rejected.", "Connection closed": the client without Redis
            if (cause.getClass() == RedisException.class) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(@Nullable String reply) {
        if (reply == null) {
            return false;
        }
        for (String prefix : TRANSIENT_REPLIES) {
            if (reply.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
