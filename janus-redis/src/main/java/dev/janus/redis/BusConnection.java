package dev.janus.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the bus, to a single Redis or to a Redis Cluster: the bus only uses commands
 * that both offer (single-key stream commands), so its code does not care which. Thread-safe.
 */
public interface BusConnection extends AutoCloseable {

    /** Synchronous commands; each waits at most the command timeout. */
    RedisClusterCommands<String, String> sync();

    /** Asynchronous commands. */
    RedisClusterAsyncCommands<String, String> async();

    /** Turns automatic flushing off (commands queue until {@link #flushCommands()}) or on. */
    void setAutoFlushCommands(boolean autoFlush);

    /** Sends the queued commands. */
    void flushCommands();

    /**
     * Sends {@code WAIT replicas timeoutMillis} on the connection that carries the writes to {@code key}'s
     * master, so it covers every write sent on it before, and answers how many replicas acknowledged them.
     * On a cluster that is the client's connection to the node serving the key's slot.
     */
    CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMillis);

    /**
     * A value that is the same for keys whose writes go to the same master (in the client's view of the cluster),
     * so that one {@code WAIT} covers them all: one value for a single Redis.
     */
    Object masterOf(String key);

    /**
     * The text of {@code INFO section}: one for a single Redis, one per master for a cluster (each master's own
     * connection, in the client's view of the cluster). Blocks up to the command timeout per node.
     */
    List<String> infoOfEachMaster(String section);

    @Override
    void close();

    static BusConnection of(StatefulRedisConnection<String, String> connection) {
        return new LettuceConnection(connection) {
            @Override
            public RedisClusterCommands<String, String> sync() {
                return connection.sync();
            }

            @Override
            public RedisClusterAsyncCommands<String, String> async() {
                return connection.async();
            }

            @Override
            public CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMillis) {
                return connection.async().waitForReplication(replicas, timeoutMillis);
            }

            @Override
            public Object masterOf(String key) {
                return connection;
            }

            @Override
            public List<String> infoOfEachMaster(String section) {
                return List.of(connection.sync().info(section));
            }
        };
    }

    /**
     * A connection to a cluster; {@code refresh} re-reads the topology, for when the client's view of which node
     * is master is found out of date.
     */
    static BusConnection of(StatefulRedisClusterConnection<String, String> connection,
            Supplier<CompletionStage<Void>> refresh) {
        return new LettuceConnection(connection) {
            @Override
            public RedisClusterCommands<String, String> sync() {
                return connection.sync();
            }

            @Override
            public RedisClusterAsyncCommands<String, String> async() {
                return connection.async();
            }

            @Override
            public CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMillis) {
                return waitOnMasterOf(key, replicas, timeoutMillis).exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (String.valueOf(cause.getMessage()).contains("replica")) {
                        // WAIT reached a node that is a replica now (a failover the client has not seen yet)
                        return refresh.get().thenCompose(refreshed -> waitOnMasterOf(key, replicas, timeoutMillis));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
            }

            @Override
            public Object masterOf(String key) {
                RedisClusterNode master = masterServing(key);
                return master == null ? "slot " + SlotHash.getSlot(key) : master.getNodeId();
            }

            /** The master of {@code key}'s slot in the client's view of the cluster, if it knows one. */
            private @Nullable RedisClusterNode masterServing(String key) {
                return connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            }

            private CompletionStage<Long> waitOnMasterOf(String key, int replicas, long timeoutMillis) {
                RedisClusterNode master = masterServing(key);
                if (master == null) {
                    return CompletableFuture.failedFuture(new IllegalStateException("no master serves the slot of "
                            + key + " in the client's view of the cluster"));
                }
                // the connection slot-routed writes use: the client keys them by the master's host and port
                RedisURI uri = master.getUri();
                return connection.getConnectionAsync(uri.getHost(), uri.getPort())
                        .thenCompose(node -> node.async().waitForReplication(replicas, timeoutMillis));
            }

            @Override
            public List<String> infoOfEachMaster(String section) {
                List<String> infos = new ArrayList<>();
                for (RedisClusterNode node : connection.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                        RedisURI uri = node.getUri();
                        infos.add(connection.getConnection(uri.getHost(), uri.getPort()).sync().info(section));
                    }
                }
                return infos;
            }
        };
    }
}
