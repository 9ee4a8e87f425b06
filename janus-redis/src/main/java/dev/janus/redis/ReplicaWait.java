package dev.janus.redis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * {@code janus.bus.redis.wait-replicas}: a write counts as done only once that many replicas of its master
 * acknowledged it ({@code WAIT}), so a master that dies right after answering loses nothing that was confirmed.
 * With 0 it does nothing. A write whose replicas do not acknowledge in time fails with
 * {@link ReplicationException}: it was applied on the master but is not confirmed, and the caller retries or
 * reports it as it would any failed write. {@code WAIT} holds the connection it is sent on until the replicas
 * answer (usually well under a millisecond; at most the wait timeout). Thread-safe.
 */
public final class ReplicaWait {

    /**
     * Commands (Lettuce method names, lower case) that write nothing, so are not followed by {@code WAIT}; any
     * other command with a key is.
     */
    private static final Set<String> READS = Set.of("get", "mget", "hget", "hgetall", "hvals", "hkeys", "hlen",
            "hexists", "hmget", "zrange", "zrangebyscore", "zrevrange", "zrevrangebyscore", "zscore", "zcount",
            "zcard", "zrank", "smembers", "sismember", "scard", "scan", "exists", "xrange", "xrevrange", "xlen",
            "xinfogroups", "xinfostream", "xpending", "xread", "xreadgroup", "ping", "keys", "type", "ttl", "pttl",
            "strlen", "dbsize", "info", "time", "echo", "waitforreplication", "evalreadonly", "evalshareadonly",
            "clusterkeyslot", "clusternodes", "clusterinfo", "clustercountkeysinslot", "clustergetkeysinslot");

    private final BusConnection connection;
    private final int replicas;
    private final long timeoutMillis;

    public ReplicaWait(BusConnection connection, int replicas, Duration commandTimeout) {
        this.connection = connection;
        this.replicas = replicas;
        // WAIT must answer before the command times out on the client
        this.timeoutMillis = Math.max(1, commandTimeout.toMillis() / 2);
    }

    /** Whether writes wait for replicas at all. */
    public boolean enabled() {
        return replicas > 0;
    }

    /**
     * Waits until the writes sent so far to the masters of {@code keys} are on {@code wait-replicas} replicas, with
     * one {@code WAIT} per master; completes at once when nothing is waited for.
     */
    public CompletionStage<Void> after(String... keys) {
        if (!enabled()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<Object, String> keyPerMaster = new LinkedHashMap<>();
        for (String key : keys) {
            keyPerMaster.putIfAbsent(connection.masterOf(key), key);
        }
        CompletableFuture<?>[] waits = new CompletableFuture<?>[keyPerMaster.size()];
        int i = 0;
        for (String key : keyPerMaster.values()) {
            waits[i++] = connection.waitForReplicas(key, replicas, timeoutMillis).toCompletableFuture()
                    .thenAccept(acknowledged -> {
                        if (acknowledged == null || acknowledged < replicas) {
                            throw new ReplicationException("the write to " + key + " reached " + acknowledged
                                    + " of the " + replicas + " replica(s) janus.bus.redis.wait-replicas asks for "
                                    + "within " + timeoutMillis + " ms; it is not confirmed");
                        }
                    });
        }
        return CompletableFuture.allOf(waits);
    }

    /**
     * Returns once the writes sent so far to the masters of {@code keys} are on {@code wait-replicas} replicas (at
     * once when nothing is waited for).
     *
     * @throws ReplicationException when they are not confirmed in time
     */
    public void confirm(String... keys) {
        if (enabled() && keys.length > 0) {
            await(after(keys));
        }
    }

    /**
     * The commands, each write among them followed by {@code WAIT} on its keys' masters before it returns; the
     * commands themselves when nothing is waited for.
     */
    public RedisClusterCommands<String, String> afterWrites(RedisClusterCommands<String, String> commands) {
        if (!enabled()) {
            return commands;
        }
        InvocationHandler handler = (proxy, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(commands, arguments);
            }
            catch (InvocationTargetException e) {
                throw e.getCause();
            }
            List<String> keys = writtenKeys(method, arguments);
            if (!keys.isEmpty()) {
                confirm(keys.toArray(String[]::new));
            }
            return result;
        };
        @SuppressWarnings("unchecked")
        RedisClusterCommands<String, String> waiting = (RedisClusterCommands<String, String>) Proxy.newProxyInstance(
                RedisClusterCommands.class.getClassLoader(), new Class<?>[] { RedisClusterCommands.class }, handler);
        return waiting;
    }

    /** The keys a command writes: none for a read; a script's keys; else its first argument's key(s). */
    static List<String> writtenKeys(Method method, Object[] arguments) {
        String name = method.getName().toLowerCase(Locale.ROOT);
        if (READS.contains(name) || arguments == null || arguments.length == 0) {
            return List.of();
        }
        Object keys = name.startsWith("eval") || name.startsWith("fcall")
                ? (arguments.length > 2 ? arguments[2] : null) : arguments[0];
        Set<String> found = new LinkedHashSet<>();
        if (keys instanceof String key) {
            found.add(key);
        }
        else if (keys instanceof Object[] array) {
            for (Object key : array) {
                if (key instanceof String text) {
                    found.add(text);
                }
            }
        }
        return new ArrayList<>(found);
    }

    private void await(CompletionStage<Void> wait) {
        try {
            wait.toCompletableFuture().get(timeoutMillis * 2, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ReplicationException("WAIT failed: " + cause, cause);
        }
        catch (TimeoutException e) {
            throw new ReplicationException("WAIT did not answer within " + timeoutMillis * 2 + " ms", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException("interrupted while waiting for replicas", e);
        }
    }
}
