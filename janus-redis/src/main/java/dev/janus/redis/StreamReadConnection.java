package dev.janus.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * A connection of its own for reading stream entries, to a single Redis or to a Redis Cluster: keys and entry ids
 * are strings, field values stay the bytes Redis holds, so the client's I/O thread decodes no value into a
 * {@code String} and the reader parses the event's UTF-8 JSON straight from them. Thread-safe, but meant for one
 * reading thread, whose blocking reads it carries.
 */
public final class StreamReadConnection implements AutoCloseable {

    /** String keys, field names and ids; values as bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterCommands<String, byte[]> commands;

    StreamReadConnection(StatefulConnection<String, byte[]> connection, RedisClusterCommands<String, byte[]> commands) {
        this.connection = connection;
        this.commands = commands;
    }

    /** Synchronous commands; each waits at most the command timeout (a blocking read, its block time more). */
    public RedisClusterCommands<String, byte[]> sync() {
        return commands;
    }

    @Override
    public void close() {
        connection.close();
    }
}
