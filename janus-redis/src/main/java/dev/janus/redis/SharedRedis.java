package dev.janus.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The Redis the components keep their own shared state in (sessions, joins, memory, tools, proactive, API keys)
 * when the bus is Redis: the same server or Redis Cluster ({@code janus.bus.redis.cluster}), URL and timeouts as the
 * bus, one thread-safe connection, and one code path for both. On a cluster each command goes to the master of its
 * key's slot; a script's keys must share a slot, so keys one script touches together carry one hash tag (see
 * {@link BucketedKey}); multi-key {@code DEL} and {@code SCAN} are split per node by the client. With
 * {@code janus.bus.redis.wait-replicas} each write of {@link #sync()} returns once that many replicas have it.
 * Blocking commands must not be sent on it.
 */
public final class SharedRedis implements AutoCloseable {

    private final RedisConnector connector;
    private final BusConnection connection;
    private final RedisClusterCommands<String, String> commands;

    public SharedRedis(RedisSettings properties) {
        this.connector = RedisConnector.create(properties);
        this.connection = connector.connect();
        this.commands = new ReplicaWait(connection, properties.waitReplicas(), properties.commandTimeout())
                .afterWrites(connection.sync());
    }

    /**
     * Synchronous commands; each call waits at most the command timeout (a write with
     * {@code wait-replicas}: and then for its replicas, at most half of it again).
     */
    public RedisClusterCommands<String, String> sync() {
        return commands;
    }

    /** Asynchronous commands; writes sent on them do not wait for replicas. */
    public RedisClusterAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** Whether this is a Redis Cluster, whose keys live on several masters. */
    public boolean isCluster() {
        return connector.cluster();
    }

    @Override
    public void close() {
        connection.close();
        connector.close();
    }
}
