package dev.janus.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
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
    private final ReplicaWait replicaWait;
    private final RedisClusterCommands<String, String> commands;
    private final Duration commandTimeout;

    public SharedRedis(RedisSettings properties) {
        this.connector = RedisConnector.create(properties);
        this.connection = connector.connect();
        this.replicaWait = new ReplicaWait(connection, properties.waitReplicas(), properties.commandTimeout());
        this.commands = replicaWait.afterWrites(connection.sync());
        this.commandTimeout = properties.commandTimeout();
    }

    /**
     * Synchronous commands; each call waits at most the command timeout (a write with
     * {@code wait-replicas}: and then for its replicas, at most half of it again).
     */
    public RedisClusterCommands<String, String> sync() {
        return commands;
    }

    /**
     * Asynchronous commands; writes sent on them do not wait for replicas unless passed to {@link #awaitAll}.
     */
    public RedisClusterAsyncCommands<String, String> async() {
        return connection.async();
    }

    /**
     * Waits for the replies of commands sent together on {@link #async()} — one round trip for all of them instead
     * of one each — and then, with {@code janus.bus.redis.wait-replicas}, for the replicas of the keys they wrote, as
     * each write of {@link #sync()} does. Redis applies the commands of one master in the order they were sent.
     *
     * @param replies the commands' replies, in the order they were sent
     * @param writtenKeys the keys the commands wrote (none when they only read)
     * @throws RedisException what {@link #sync()} would have thrown for the first command that failed, or a
     *         {@link ReplicationException} when the replicas did not confirm the writes
     */
    public void awaitAll(List<? extends CompletionStage<?>> replies, String... writtenKeys) {
        for (CompletionStage<?> reply : replies) {
            await(reply);
        }
        replicaWait.confirm(writtenKeys);
    }

    /**
     * The reply of a command sent on {@link #async()}, waited for at most the command timeout and half again.
     *
     * @throws RedisException what {@link #sync()} would have thrown for the command
     */
    public <T> T await(CompletionStage<T> reply) {
        CompletableFuture<T> future = reply.toCompletableFuture();
        long bound = commandTimeout.toNanos() * 3 / 2;
        try {
            // the connection times its commands out itself; this only bounds a reply that never comes
            return future.get(bound, TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RedisException(cause);
        }
        catch (TimeoutException e) {
            future.cancel(true);
            throw new RedisCommandTimeoutException("no reply within " + Duration.ofNanos(bound).toMillis() + " ms");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
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
