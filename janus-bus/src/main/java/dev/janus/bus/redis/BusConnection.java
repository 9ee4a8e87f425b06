package dev.janus.bus.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * One connection of the bus, to a single Redis or to a Redis Cluster: the bus only uses commands
 * that both offer (single-key stream commands), so its code does not care which. Thread-safe.
 */
interface BusConnection extends AutoCloseable {

    /** Synchronous commands; each waits at most the command timeout. */
    RedisClusterCommands<String, String> sync();

    /** Asynchronous commands. */
    RedisClusterAsyncCommands<String, String> async();

    /** Turns automatic flushing off (commands queue until {@link #flushCommands()}) or on. */
    void setAutoFlushCommands(boolean autoFlush);

    /** Sends the queued commands. */
    void flushCommands();

    @Override
    void close();

    static BusConnection of(StatefulRedisConnection<String, String> connection) {
        return new BusConnection() {
            @Override
            public RedisClusterCommands<String, String> sync() {
                return connection.sync();
            }

            @Override
            public RedisClusterAsyncCommands<String, String> async() {
                return connection.async();
            }

            @Override
            public void setAutoFlushCommands(boolean autoFlush) {
                connection.setAutoFlushCommands(autoFlush);
            }

            @Override
            public void flushCommands() {
                connection.flushCommands();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    static BusConnection of(StatefulRedisClusterConnection<String, String> connection) {
        return new BusConnection() {
            @Override
            public RedisClusterCommands<String, String> sync() {
                return connection.sync();
            }

            @Override
            public RedisClusterAsyncCommands<String, String> async() {
                return connection.async();
            }

            @Override
            public void setAutoFlushCommands(boolean autoFlush) {
                connection.setAutoFlushCommands(autoFlush);
            }

            @Override
            public void flushCommands() {
                connection.flushCommands();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
