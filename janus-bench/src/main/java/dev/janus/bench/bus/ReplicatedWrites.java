package dev.janus.bench.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable;
import dev.janus.bus.config.BusProperties;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.redis.SharedRedis;
import dev.janus.events.JanusEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * What {@code janus.bus.redis.wait-replicas} costs, and what three shards give, on the run's private servers: the
 * bus's publish rate and the rate of state writes ({@link SharedRedis}, {@value #WRITERS} threads) with
 * {@code wait-replicas} 0 and 1, on one Redis with a replica and on a Redis Cluster of three masters with a replica
 * each. Every server runs on this machine, so on 2 cores the cluster's six servers and the JVM share the same CPU:
 * the figures show the cost of the round trips, not what three machines would do.
 */
public final class ReplicatedWrites {

    /** The benchmark's name on the command line and in the table. */
    public static final String NAME = "bus.replicas";

    static final int EVENTS = 20_000;
    static final int WRITES = 20_000;
    static final int WRITERS = 4;
    private static final int MAX_OUTSTANDING_PUBLISHES = 1_000;

    /** Runs the benchmark and records its rows. */
    public void run(ResultTable table, Path logs) throws Exception {
        // each server in a directory of its own: a replica writes the copy it gets to its working directory
        try (RedisServer master = RedisServer.start(logs.resolve("bench-redis-master.log"),
                List.of("--dir", Files.createTempDirectory("janus-bench-master-").toString(),
                        "--repl-diskless-sync-delay", "0"));
                RedisServer replica = RedisServer.start(logs.resolve("bench-redis-replica.log"),
                        List.of("--dir", Files.createTempDirectory("janus-bench-replica-").toString(),
                                "--replicaof", "127.0.0.1", Integer.toString(master.port())))) {
            awaitInSync(List.of(replica), 1);
            measure(table, "one Redis + replica", master.url(), false);
        }
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Path directory = Files.createTempDirectory("janus-bench-cluster-");
                nodes.add(RedisServer.start(logs.resolve("bench-redis-cluster-" + i + ".log"), List.of("--dir",
                        directory.toString(), "--cluster-enabled", "yes", "--cluster-node-timeout", "5000",
                        "--repl-diskless-sync-delay", "0")));
            }
            createCluster(nodes);
            measure(table, "3 masters + 3 replicas", String.join(",", nodes.stream().map(RedisServer::url).toList()),
                    true);
        }
        finally {
            nodes.forEach(RedisServer::close);
        }
    }

    private static void measure(ResultTable table, String topology, String url, boolean cluster) throws Exception {
        for (int wait : new int[] { 0, 1 }) {
            BusProperties properties = settings(url, cluster, wait);
            publishRate(properties, EVENTS); // warm-up
            double publishes = publishRate(properties, EVENTS);
            table.add(NAME, topology + ", publish, wait-replicas " + wait, publishes, "events/s", null,
                    String.format(Locale.ROOT, "%,d events of one type, <= %,d unconfirmed", EVENTS,
                            MAX_OUTSTANDING_PUBLISHES));
            stateWriteRate(properties, WRITES); // warm-up
            double writes = stateWriteRate(properties, WRITES);
            table.add(NAME, topology + ", state writes, wait-replicas " + wait, writes, "writes/s", null,
                    String.format(Locale.ROOT, "HSET on 1,000 keys from %d threads, one SharedRedis", WRITERS));
        }
    }

    private static BusProperties settings(String url, boolean cluster, int waitReplicas) {
        return new BusProperties(BusProperties.BusType.REDIS, null, null, null, null, null, null, null, null,
                new BusProperties.Redis(url, null, null, null, null, null, null, null, null, null, cluster, null, null,
                        waitReplicas), null, null);
    }

    private static double publishRate(BusProperties properties, int count) throws Exception {
        JanusEvent[] events = new SampleEvents(64).next(count);
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING_PUBLISHES);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        try (InstrumentedBuses buses = new InstrumentedBuses(0.0);
                RedisEventBus bus = buses.redis(properties)) {
            long start = System.nanoTime();
            for (JanusEvent event : events) {
                outstanding.acquire();
                bus.publish(event).whenComplete((ok, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    outstanding.release();
                });
            }
            outstanding.acquire(MAX_OUTSTANDING_PUBLISHES);
            long end = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("publishing failed", failure.get());
            }
            return count / ((end - start) / 1e9);
        }
    }

    private static double stateWriteRate(BusProperties properties, int count) throws Exception {
        try (SharedRedis redis = new SharedRedis(properties.redis().connection())) {
            List<Thread> writers = new ArrayList<>();
            AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
            long start = System.nanoTime();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = writer; i < count; i += WRITERS) {
                            redis.sync().hset("bench:state:" + (i % 1_000), "field-" + i, "value");
                        }
                    }
                    catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-state-writer-" + w);
                writers.add(thread);
                thread.start();
            }
            for (Thread thread : writers) {
                thread.join();
            }
            long end = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("state writes failed", failure.get());
            }
            return count / ((end - start) / 1e9);
        }
    }

    private static void createCluster(List<RedisServer> nodes) throws Exception {
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process process = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || !output.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (RedisServer node : nodes) {
            while (!info(node, "cluster").contains("cluster_state:ok")) {
                pauseUntil(deadline, "the cluster to serve every slot");
            }
        }
        awaitInSync(nodes, 3);
    }

    /** Waits until {@code replicas} of the servers are replicas with their link up and no sync running. */
    private static void awaitInSync(List<RedisServer> servers, int replicas) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int inSync = 0;
            for (RedisServer server : servers) {
                String replication = info(server, "replication");
                if (replication.contains("role:slave") && replication.contains("master_link_status:up")
                        && replication.contains("master_sync_in_progress:0")) {
                    inSync++;
                }
            }
            if (inSync >= replicas) {
                return;
            }
            pauseUntil(deadline, replicas + " replica(s) to be in sync");
        }
    }

    private static String info(RedisServer server, String section) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return section.equals("cluster") ? connection.sync().clusterInfo() : connection.sync().info(section);
        }
        finally {
            client.shutdown();
        }
    }

    private static void pauseUntil(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("gave up waiting for " + what);
        }
        Thread.sleep(100);
    }
}
