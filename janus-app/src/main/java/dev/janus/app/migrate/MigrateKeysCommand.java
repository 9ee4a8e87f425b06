package dev.janus.app.migrate;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.janus.bus.config.BusProperties;
import dev.janus.redis.SharedRedis;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar janus-app.jar migrate-keys --from URL --to URL}: copies Janus's state from a Redis with the
 * single-Redis key layout to a Redis or Redis Cluster with the current one ({@link KeyLayoutMigration}). Run it while
 * the services are stopped. Exit status: 0 done, 1 Redis failed, 2 bad usage.
 */
@Command(name = "migrate-keys", mixinStandardHelpOptions = true,
        description = "Copy Janus's state in Redis to the key layout that also runs on Redis Cluster. "
                + "Stop the services first.")
public final class MigrateKeysCommand implements Callable<Integer> {

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "the Redis to read, e.g. redis://old-host:6379 (a cluster: its seed nodes, comma-separated)")
    String from = "";

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "the Redis to write, e.g. redis://h1:6379,redis://h2:6379 (may be the same as --from)")
    String to = "";

    @Option(names = "--from-cluster", description = "--from names one seed node of a Redis Cluster")
    boolean fromCluster;

    @Option(names = "--to-cluster", description = "--to names one seed node of a Redis Cluster")
    boolean toCluster;

    @Override
    public Integer call() {
        PrintWriter out = spec().commandLine().getOut();
        PrintWriter err = spec().commandLine().getErr();
        try (SharedRedis source = connect(from, fromCluster); SharedRedis target = connect(to, toCluster)) {
            KeyLayoutMigration.Report report = new KeyLayoutMigration(source.sync(), target.sync(),
                    from.strip().equals(to.strip())).run();
            out.println(report);
            out.flush();
            return 0;
        }
        catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        catch (RuntimeException e) {
            err.println("migrate-keys failed: " + e.getMessage());
            return 1;
        }
    }

    private static SharedRedis connect(String url, boolean cluster) {
        return new SharedRedis(new BusProperties.Redis(url, null, null, null, null, null, null, null, null, null,
                cluster || url.contains(",")).connection());
    }

    private CommandSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("picocli injects the spec");
        }
        return spec;
    }
}
