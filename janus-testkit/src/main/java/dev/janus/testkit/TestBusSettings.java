package dev.janus.testkit;

import java.time.Duration;
import java.util.Map;

import dev.janus.bus.config.BusProperties;
import org.jspecify.annotations.Nullable;

/**
 * Bus settings for tests: fast retries, short reads and waits, so failure paths finish in
 * milliseconds; each value can be changed fluently.
 */
public final class TestBusSettings {

    private BusProperties.BusType type = BusProperties.BusType.MEMORY;
    private @Nullable String redisUrl;
    private @Nullable String consumerName;
    private int concurrency = 4;
    private int maxInFlight = 1_000;
    private int batchSize = 100;
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(10);
    private int breakerMinimumCalls = 1_000;
    private Duration breakerWait = Duration.ofMillis(200);
    private Duration claimIdle = Duration.ofSeconds(30);
    private Duration claimInterval = Duration.ofMillis(200);
    private long maxLength = 100_000;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private boolean cluster;
    private int waitReplicas;
    private int maxDeliveries = 5;
    private Duration handlerTimeout = Duration.ofSeconds(30);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Duration discoveryInterval = Duration.ofMillis(100);
    private Map<String, BusProperties.Retention> retention = Map.of();

    /** Settings for the in-memory engine. */
    public static TestBusSettings memory() {
        return new TestBusSettings();
    }

    /** Settings for the Redis engine at {@code url}. */
    public static TestBusSettings redis(String url) {
        TestBusSettings settings = new TestBusSettings();
        settings.type = BusProperties.BusType.REDIS;
        settings.redisUrl = url;
        return settings;
    }

    public TestBusSettings consumerName(String value) {
        consumerName = value;
        return this;
    }

    public TestBusSettings concurrency(int value) {
        concurrency = value;
        return this;
    }

    public TestBusSettings maxInFlight(int value) {
        maxInFlight = value;
        return this;
    }

    public TestBusSettings batchSize(int value) {
        batchSize = value;
        return this;
    }

    public TestBusSettings retry(int attempts, Duration backoff) {
        maxAttempts = attempts;
        initialBackoff = backoff;
        return this;
    }

    public TestBusSettings breaker(int minimumCalls, Duration waitInOpenState) {
        breakerMinimumCalls = minimumCalls;
        breakerWait = waitInOpenState;
        return this;
    }

    public TestBusSettings claimIdle(Duration idle, Duration interval) {
        claimIdle = idle;
        claimInterval = interval;
        return this;
    }

    public TestBusSettings maxLength(long value) {
        maxLength = value;
        return this;
    }

    public TestBusSettings shutdownTimeout(Duration value) {
        shutdownTimeout = value;
        return this;
    }

    public TestBusSettings maxDeliveries(int value) {
        maxDeliveries = value;
        return this;
    }

    public TestBusSettings handlerTimeout(Duration value) {
        handlerTimeout = value;
        return this;
    }

    /** What the streams of {@code type} (an event type or prefix wildcard) keep. */
    public TestBusSettings retention(String type, @Nullable Long maxLength, @Nullable Duration maxAge) {
        Map<String, BusProperties.Retention> changed = new java.util.HashMap<>(retention);
        changed.put(type, new BusProperties.Retention(maxLength, maxAge));
        retention = changed;
        return this;
    }

    /** How long a Redis command may take ({@code janus.bus.redis.command-timeout}; 2 s unless set). */
    public TestBusSettings commandTimeout(Duration value) {
        commandTimeout = value;
        return this;
    }

    /** How often wildcard subscriptions look for new event types (100 ms unless said otherwise). */
    public TestBusSettings discoveryInterval(Duration value) {
        discoveryInterval = value;
        return this;
    }

    /** The Redis URL lists seed nodes of a Redis Cluster (see {@link RedisCluster}). */
    public TestBusSettings cluster() {
        cluster = true;
        return this;
    }

    /** Each publish and state write waits for this many replicas ({@code janus.bus.redis.wait-replicas}). */
    public TestBusSettings waitReplicas(int replicas) {
        waitReplicas = replicas;
        return this;
    }

    public BusProperties build() {
        return new BusProperties(type, consumerName, concurrency, maxInFlight, shutdownTimeout,
                new BusProperties.Retry(maxAttempts, initialBackoff, 2.0, Duration.ofSeconds(1)),
                new BusProperties.CircuitBreaker(50, breakerMinimumCalls, Math.max(breakerMinimumCalls, 10), breakerWait),
                new BusProperties.Idempotency(null, null), new BusProperties.Memory(null),
                new BusProperties.Redis(redisUrl, batchSize, Duration.ofMillis(50), claimIdle, claimInterval, maxLength,
                        null, discoveryInterval, Duration.ofMillis(200), commandTimeout, cluster,
                        retention, null, waitReplicas),
                maxDeliveries, handlerTimeout);
    }
}
