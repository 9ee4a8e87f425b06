package dev.janus.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * Opens the bus's connections: to one Redis ({@code janus.bus.redis.cluster=false}, the default) or
 * to a Redis Cluster whose seed nodes the URL lists, comma-separated. On a cluster the client
 * follows MOVED/ASK redirections and refreshes its view of the slots when a master fails over.
 */
public abstract sealed class RedisConnector implements AutoCloseable {

    /** How often a cluster client re-reads the topology even when nothing went wrong. */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(30);

    /** The shortest time between two refreshes a redirection or a lost connection triggers. */
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    /**
     * The client's resources with reconnection attempts at most a second apart (Lettuce's default backs off to 30 s),
     * so a Redis that comes back is found, and readiness is UP again, within about a second; every client of the JVM
     * shares one set ({@link SharedClientResources}). Lettuce's own command latency statistics are off: nothing reads
     * them (the bus's meters time what matters), and they cost a histogram update per command on the I/O threads.
     */
    static ClientResources resources() {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
    }

    public static RedisConnector create(RedisSettings properties) {
        return properties.cluster() ? new Cluster(properties) : new Standalone(properties);
    }

    /** A new connection of its own, values as strings (publishing, acknowledging, the bus's shared commands). */
    public abstract BusConnection connect();

    /**
     * A new connection of its own for a stream reader's blocking reads and claims, which hands over entry values as
     * bytes rather than strings.
     */
    public abstract StreamReadConnection connectForStreamReads();

    /** Whether keys may live on different servers, so multi-key commands must keep to one slot. */
    public abstract boolean cluster();

    @Override
    public abstract void close();

    static List<RedisURI> uris(RedisSettings properties) {
        return Arrays.stream(properties.url().split(",")).map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> {
                    RedisURI uri = RedisURI.create(url);
                    uri.setTimeout(properties.commandTimeout());
                    return uri;
                }).toList();
    }

    static final class Standalone extends RedisConnector {

        private final ClientResources resources = SharedClientResources.acquire();
        private final RedisClient client;

        Standalone(RedisSettings properties) {
            List<RedisURI> uris = uris(properties);
            if (uris.size() != 1) {
                throw new IllegalArgumentException("janus.bus.redis.url must name one Redis unless "
                        + "janus.bus.redis.cluster=true, but named " + uris.size());
            }
            this.client = RedisClient.create(resources, uris.get(0));
            this.client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
                    .build());
        }

        @Override
        public BusConnection connect() {
            return BusConnection.of(client.connect(StringCodec.UTF8));
        }

        @Override
        public StreamReadConnection connectForStreamReads() {
            StatefulRedisConnection<String, byte[]> connection = client.connect(StreamReadConnection.CODEC);
            return new StreamReadConnection(connection, connection.sync(), connection.async());
        }

        @Override
        public boolean cluster() {
            return false;
        }

        @Override
        public void close() {
            client.shutdown();
            SharedClientResources.release();
        }
    }

    static final class Cluster extends RedisConnector {

        private final ClientResources resources = SharedClientResources.acquire();
        private final RedisClusterClient client;

        Cluster(RedisSettings properties) {
            this.client = RedisClusterClient.create(resources, uris(properties));
            this.client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(PERIODIC_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            // after a failover, redirections refresh the view within a second, not 30 s
                            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                            .build())
                    .build());
        }

        @Override
        public BusConnection connect() {
            return BusConnection.of(client.connect(StringCodec.UTF8), client::refreshPartitionsAsync);
        }

        @Override
        public StreamReadConnection connectForStreamReads() {
            StatefulRedisClusterConnection<String, byte[]> connection = client.connect(StreamReadConnection.CODEC);
            return new StreamReadConnection(connection, connection.sync(), connection.async());
        }

        @Override
        public boolean cluster() {
            return true;
        }

        @Override
        public void close() {
            client.shutdown();
            SharedClientResources.release();
        }
    }
}
