package dev.janus.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how Janus reaches its Redis. The bus's Redis engine and the components' shared state ({@link SharedRedis})
 * use the same settings: {@code janus.bus.redis.url}, {@code .cluster}, {@code .command-timeout} and
 * {@code .wait-replicas}.
 *
 * @param url one server's URL ({@code redis://…}, {@code rediss://…}), or a cluster's seed nodes, comma-separated
 * @param cluster whether {@code url} names the seed nodes of a Redis Cluster
 * @param commandTimeout how long a command may take before it fails
 * @param waitReplicas replicas each write of {@link SharedRedis#sync()} waits for ({@code WAIT n}); 0 waits for none
 */
public record RedisSettings(String url, boolean cluster, Duration commandTimeout, int waitReplicas) {

    public RedisSettings {
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, but was " + commandTimeout);
        }
        if (waitReplicas < 0) {
            throw new IllegalArgumentException("waitReplicas must be 0 or more, but was " + waitReplicas);
        }
    }
}
