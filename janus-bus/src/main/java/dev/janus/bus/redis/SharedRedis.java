package dev.janus.bus.redis;

import dev.janus.bus.BusProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

/**
 * The Redis the components keep their own shared state in (sessions, joins, memory) when the bus
 * is Redis: the same server, URL and timeouts as the bus, one thread-safe connection. Blocking
 * commands must not be sent on it.
 */
public final class SharedRedis implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public SharedRedis(BusProperties.Redis properties) {
        if (properties.isCluster()) {
            // the components' state (sessions, joins, memory) uses multi-key scripts and this standalone API
            throw new IllegalStateException("janus.bus.redis.cluster=true: the bus runs on a Redis Cluster, but the "
                    + "components' shared state (SharedRedis) needs a single Redis so far; run the components' state "
                    + "on a single Redis or keep janus.bus.redis.cluster=false");
        }
        RedisURI uri = RedisURI.create(properties.url());
        uri.setTimeout(properties.commandTimeout());
        this.resources = RedisConnector.resources();
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
                .build());
        this.connection = client.connect(StringCodec.UTF8);
    }

    /** Synchronous commands; each call waits at most the command timeout. */
    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** Asynchronous commands. */
    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        resources.shutdown();
    }
}
