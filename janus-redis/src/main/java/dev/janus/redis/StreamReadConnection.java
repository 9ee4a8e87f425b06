package dev.janus.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * A connection of its own for reading stream entries, to a single Redis or to a Redis Cluster: keys and entry ids
 * are strings, field values stay the bytes Redis holds, so the client's I/O thread decodes no value into a
 * {@code String} and the reader parses the event's UTF-8 JSON straight from them. Thread-safe, but meant for one
 * reader at a time, whose blocking reads it carries.
 */
public final class StreamReadConnection implements AutoCloseable {

    /** String keys, field names and ids; values as bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterCommands<String, byte[]> commands;
    private final RedisClusterAsyncCommands<String, byte[]> asyncCommands;

    StreamReadConnection(StatefulConnection<String, byte[]> connection, RedisClusterCommands<String, byte[]> commands,
            RedisClusterAsyncCommands<String, byte[]> asyncCommands) {
        this.connection = connection;
        this.commands = commands;
        this.asyncCommands = asyncCommands;
    }

    /** Synchronous commands; each fails when not answered within the command timeout, a blocking read too. */
    public RedisClusterCommands<String, byte[]> sync() {
        return commands;
    }

    /**
     * Asynchronous commands; their replies complete on the client's I/O thread, and each fails when not answered
     * within the command timeout, a blocking read too.
     */
    public RedisClusterAsyncCommands<String, byte[]> async() {
        return asyncCommands;
    }

    @Override
    public void close() {
        connection.close();
    }
}
