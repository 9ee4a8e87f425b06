package dev.janus.redis;

import io.lettuce.core.api.StatefulConnection;

/**
 * What a {@link BusConnection} does the same on one Redis and on a cluster: flushing and closing its Lettuce
 * connection.
 */
abstract class LettuceConnection implements BusConnection {

    private final StatefulConnection<String, String> connection;

    LettuceConnection(StatefulConnection<String, String> connection) {
        this.connection = connection;
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
}
