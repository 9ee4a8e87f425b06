package dev.janus.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/**
 * A real Redis Cluster of a test's own: three masters and three replicas, each a
 * {@code redis-server} on a free loopback port with AOF, joined by {@code redis-cli --cluster create}.
 * A test may kill a master and wait for its replica to take over. Never touches the shared Redis.
 */
public final class RedisCluster implements AutoCloseable {

    /** How long a master may be silent before its replica is promoted; short, so failover tests are quick. */
    private static final int NODE_TIMEOUT_MILLIS = 1500;

    private final List<RedisProcess> nodes;

    private RedisCluster(List<RedisProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts six nodes and creates the cluster (three masters, one replica each); waits until it serves every slot. */
    public static RedisCluster start() {
        List<RedisProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                nodes.add(RedisProcess.start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        // a replica may take over however long its link was down (a loaded test machine)
                        "--cluster-replica-validity-factor", "0", "--appendonly", "yes")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            String output = run(create);
            if (!output.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitHealthy();
            return cluster;
        }
        catch (RuntimeException e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** The seed nodes as {@code janus.bus.redis.url} takes them: comma-separated URLs. */
    public String seedUrls() {
        return nodes.stream().map(RedisProcess::url).collect(Collectors.joining(","));
    }

    /** The node that serves {@code key}'s slot as master now. */
    public RedisProcess masterOf(String key) {
        int port = masterPortOf(key);
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the master of " + key + " (port " + port + ") is dead"));
    }

    /** The port of the master that serves {@code key}'s slot, as the live nodes see it now. */
    private int masterPortOf(String key) {
        int slot = Integer.parseInt(cli(anyLiveNode(), "CLUSTER", "KEYSLOT", key).strip());
        for (String line : cli(anyLiveNode(), "CLUSTER", "NODES").lines().toList()) {
            String[] fields = line.split(" ");
            if (!fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1).split("[@,]")[0]);
                }
            }
        }
        throw new IllegalStateException("no master serves the slot of " + key);
    }

    /**
     * Kills (SIGKILL) the master serving {@code key} and waits until its replica has taken the slot
     * over and the cluster is healthy again; returns the killed node (for {@link #rejoin}).
     */
    public RedisProcess killMasterOf(String key) {
        RedisProcess master = masterOf(key);
        master.kill();
        nodes.remove(master);
        Awaitility.await("a replica to take over the slot of " + key).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> masterPortOf(key) != master.port() && healthy());
        return master;
    }

    /**
     * Starts a killed node again on its port and directory: it finds the cluster in its {@code nodes.conf} and
     * comes back as the replica of the master that took its slots over. Waits until every master has its replica
     * in sync again.
     */
    public void rejoin(RedisProcess killed) {
        killed.restart();
        nodes.add(killed);
        awaitHealthy();
    }

    /** The number of masters that serve slots now. */
    public long masters() {
        return cli(anyLiveNode(), "CLUSTER", "NODES").lines()
                .filter(line -> line.split(" ")[2].contains("master") && !line.split(" ")[2].contains("fail")
                        && line.split(" ").length > 8)
                .count();
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }

    private void awaitHealthy() {
        Awaitility.await("the Redis Cluster to serve every slot").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(this::healthy);
        Awaitility.await("every replica to be in sync with its master").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> nodes.stream()
                        .map(node -> cli(node, "INFO", "replication"))
                        .filter(info -> info.contains("role:slave"))
                        .filter(info -> info.contains("master_link_status:up")
                                && info.contains("master_sync_in_progress:0"))
                        .count() == 3);
    }

    private boolean healthy() {
        for (RedisProcess node : nodes) {
            if (!cli(node, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    private RedisProcess anyLiveNode() {
        return nodes.get(0);
    }

    private static String cli(RedisProcess node, String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(node.port())));
        args.addAll(List.of(command));
        return run(args);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return output;
        }
        catch (IOException e) {
            throw new IllegalStateException("could not run redis-cli (apt-get install redis-tools): " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
