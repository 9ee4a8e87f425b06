package dev.janus.testkit;

import java.net.URI;

import dev.janus.processcheck.LeftoverProcessCheck;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Provides a real Redis to tests as a {@link RedisEndpoint} parameter, once per test run: the URL
 * in {@code REDIS_URL} when set; else a Redis container when a Docker engine answers; else a
 * {@code redis-server} started on a free port; else the test fails with how to get one. Tests use
 * database 15 of a shared server unless {@code REDIS_URL} names a database, and may flush it.
 * Tests that kill or restart Redis use their own {@link RedisProcess} instead.
 */
public final class RedisExtension implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(RedisExtension.class);
    private static final int TEST_DATABASE = 15;
    private static @Nullable ProvisionedRedis shared;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoint(context);
    }

    /** The shared endpoint of this test run, provisioned on first use. */
    public static RedisEndpoint endpoint(ExtensionContext context) {
        return sharedEndpoint();
    }

    /**
     * The shared endpoint of this JVM's test run, provisioned on first use and stopped when the JVM
     * exits; for places without an extension context, such as {@code @DynamicPropertySource}.
     */
    public static synchronized RedisEndpoint sharedEndpoint() {
        if (shared == null) {
            ProvisionedRedis provisioned = provision();
            Runtime.getRuntime().addShutdownHook(new Thread(provisioned::close, "janus-test-redis-stop"));
            shared = provisioned;
        }
        return shared.endpoint();
    }

    private static ProvisionedRedis provision() {
        String configured = System.getenv("REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return new ProvisionedRedis(new RedisEndpoint(withDatabase(configured), "REDIS_URL"), null);
        }
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            String url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379) + "/" + TEST_DATABASE;
            return new ProvisionedRedis(new RedisEndpoint(url, "testcontainers"), container::stop);
        }
        if (RedisProcess.binaryAvailable()) {
            RedisProcess process = RedisProcess.start();
            LeftoverProcessCheck.outlivesTestClasses(process.handle());
            log.info("Started redis-server for the tests at {}", process.url());
            return new ProvisionedRedis(new RedisEndpoint(process.url() + "/" + TEST_DATABASE, "redis-server"),
                    process::close);
        }
        throw new ParameterResolutionException(RedisProcess.installHint());
    }

    private static String withDatabase(String url) {
        String path = URI.create(url).getPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.replaceAll("/$", "") + "/" + TEST_DATABASE : url;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private record ProvisionedRedis(RedisEndpoint endpoint, @Nullable Runnable stop)
            implements AutoCloseable {

        @Override
        public void close() {
            if (stop != null) {
                stop.run();
            }
        }
    }
}
