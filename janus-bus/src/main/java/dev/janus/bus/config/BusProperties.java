package dev.janus.bus.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.janus.bus.EventPattern;
import dev.janus.redis.RedisSettings;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.positive;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of the event bus, under {@code janus.bus}. Every value has a default; a bad value
 * fails start-up with a message naming the property and its allowed range.
 *
 * @param type which engine carries events: {@code memory} (one JVM) or {@code redis} (Redis Streams)
 * @param consumerName this instance's consumer name within its groups; unique per instance (default: host, pid
 *        and a random suffix)
 * @param concurrency worker lanes per subscription; events of one stream always use the same lane, so
 *        they are handled in order
 * @param maxInFlight events a subscription holds at most between reading and finishing them; reading pauses when
 *        full (backpressure)
 * @param shutdownTimeout how long cancelling a subscription waits for running handlers
 * @param retry retries of a failing handler before the event is dead-lettered
 * @param circuitBreaker the circuit breaker each consumer group's handling runs through
 * @param idempotency the guard that keeps a group from handling one event id twice
 * @param memory settings of the in-memory engine
 * @param redis settings of the Redis Streams engine
 * @param maxDeliveries (Redis) how often an entry may be delivered before it is dead-lettered with reason
 *        {@code max_deliveries_exceeded}, whatever its handler did: a message that stalls or kills every consumer
 *        that takes it ends in the dead-letter queue instead of going round for ever (default 5)
 * @param handlerTimeout how long a handler may run before it is interrupted and the attempt counts as failed
 *        (retried, then dead-lettered); a handler that does not stop is abandoned and its lane gets a new thread.
 *        A component whose handlers legitimately run longer (the LLM component) subscribes with its own timeout
 *        (default 2 min)
 */
@ConfigurationProperties("janus.bus")
public record BusProperties(@DefaultValue("memory") BusType type, String consumerName,
        @DefaultValue("4") Integer concurrency, @DefaultValue("1000") Integer maxInFlight,
        @DefaultValue("10s") Duration shutdownTimeout, Retry retry,
        CircuitBreaker circuitBreaker, Idempotency idempotency, Memory memory,
        Redis redis, @DefaultValue("5") Integer maxDeliveries,
        @DefaultValue("2m") Duration handlerTimeout) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public BusProperties {
        type = type == null ? BusType.MEMORY : type;
        consumerName = consumerName == null || consumerName.isBlank() ? defaultConsumerName() : consumerName;
        concurrency = inRange("janus.bus.concurrency", concurrency, 4, 1, 256);
        maxInFlight = inRange("janus.bus.max-in-flight", maxInFlight, 1_000, 1, 1_000_000);
        shutdownTimeout = positive("janus.bus.shutdown-timeout", shutdownTimeout, Duration.ofSeconds(10));
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null) : circuitBreaker;
        idempotency = idempotency == null ? new Idempotency(null, null) : idempotency;
        memory = memory == null ? new Memory(null) : memory;
        redis = redis == null ? Redis.defaults() : redis;
        maxDeliveries = inRange("janus.bus.max-deliveries", maxDeliveries, 5, 1, 1_000);
        handlerTimeout = within("janus.bus.handler-timeout", handlerTimeout, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofHours(24));
    }

    /** Every default. */
    public static BusProperties defaults() {
        return new BusProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The engine that carries events. */
    public enum BusType {
        /** In one JVM: asynchronous dispatch, nothing survives a restart. */
        MEMORY,
        /** Redis Streams with consumer groups: durable, shared by every service. */
        REDIS
    }

    /**
     * Retries of a failing handler, with exponential backoff.
     *
     * @param maxAttempts attempts in all, including the first (seed: 3)
     * @param initialBackoff wait before the second attempt
     * @param multiplier factor applied to the wait for each further attempt
     * @param maxBackoff longest wait between attempts
     */
    public record Retry(@DefaultValue("3") Integer maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("2.0") Double multiplier,
            @DefaultValue("10s") Duration maxBackoff) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Retry {
            maxAttempts = inRange("janus.bus.retry.max-attempts", maxAttempts, 3, 1, 100);
            initialBackoff = positive("janus.bus.retry.initial-backoff", initialBackoff, Duration.ofMillis(200));
            multiplier = multiplier == null ? 2.0 : multiplier;
            if (multiplier < 1.0 || multiplier > 10.0) {
                throw new IllegalArgumentException("janus.bus.retry.multiplier must be 1..10, but was " + multiplier);
            }
            maxBackoff = positive("janus.bus.retry.max-backoff", maxBackoff, Duration.ofSeconds(10));
        }

        /** The wait after the given failed attempt (1-based). */
        public Duration backoffAfter(int failedAttempt) {
            double millis = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempt - 1);
            return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /**
     * The circuit breaker of each consumer group (Resilience4j, count-based window).
     *
     * @param failureRateThreshold percentage of failed handlings in the window that opens the breaker
     * @param minimumNumberOfCalls handlings needed before the rate is judged (seed: 5 failures)
     * @param slidingWindowSize handlings the rate is computed over
     * @param waitInOpenState how long the breaker stays open before trying again; events wait, they are not
     *        dead-lettered for it
     */
    public record CircuitBreaker(@DefaultValue("50") Integer failureRateThreshold,
            @DefaultValue("5") Integer minimumNumberOfCalls,
            @DefaultValue("20") Integer slidingWindowSize,
            @DefaultValue("5s") Duration waitInOpenState) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public CircuitBreaker {
            failureRateThreshold = inRange("janus.bus.circuit-breaker.failure-rate-threshold", failureRateThreshold, 50, 1,
                    100);
            minimumNumberOfCalls = inRange("janus.bus.circuit-breaker.minimum-number-of-calls", minimumNumberOfCalls, 5, 1,
                    10_000);
            slidingWindowSize = inRange("janus.bus.circuit-breaker.sliding-window-size", slidingWindowSize, 20, 1,
                    10_000);
            waitInOpenState = positive("janus.bus.circuit-breaker.wait-in-open-state", waitInOpenState,
                    Duration.ofSeconds(5));
        }
    }

    /**
     * The guard that keeps a group from handling one event id twice.
     *
     * @param localCapacity event ids remembered per group in this JVM: about the last this many, in tables of 24 to
     *        40 bytes per id allocated when the group starts (see {@code RecentEventIds})
     * @param ttl how long Redis remembers that a group handled an event (must outlast redelivery: claim idle time
     *        plus retries)
     */
    public record Idempotency(@DefaultValue("100000") Integer localCapacity,
            @DefaultValue("5m") Duration ttl) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Idempotency {
            localCapacity = inRange("janus.bus.idempotency.local-capacity", localCapacity, 100_000, 0, 10_000_000);
            ttl = positive("janus.bus.idempotency.ttl", ttl, Duration.ofMinutes(5));
        }
    }

    /**
     * The in-memory engine.
     *
     * @param historySize events kept for debugging and replay
     */
    public record Memory(@DefaultValue("10000") Integer historySize) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Memory {
            historySize = inRange("janus.bus.memory.history-size", historySize, 10_000, 0, 10_000_000);
        }
    }

    /**
     * The Redis Streams engine.
     *
     * @param url the Redis URL ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS)
     * @param batchSize entries read per XREADGROUP
     * @param block how long a read waits for new entries
     * @param claimIdle how long an entry stays pending on a consumer before another consumer reclaims it (XAUTOCLAIM)
     * @param claimInterval how often each subscription looks for entries to reclaim
     * @param maxLength approximate length streams are trimmed to on publish (MAXLEN ~); 0 keeps everything
     * @param deadLetterMaxLength approximate length of {@code janus:dlq}
     * @param discoveryInterval how often wildcard subscriptions look for new event types
     * @param metricsInterval how often stream lag, pending counts, DLQ size and Redis memory are read for metrics
     * @param commandTimeout how long a Redis command may take before it fails
     * @param cluster whether {@code url} lists seed nodes of a Redis Cluster (comma-separated); streams then
     *        spread over the cluster's shards
     * @param retention how long each event type's stream keeps entries, by length and/or age, keyed by type or
     *        prefix wildcard ({@code [input.audio.chunk]}, {@code [input.*]}); the most specific key applies. Audio
     *        chunks, video frames and utterances are kept briefly by default ({@link #DEFAULT_RETENTION}); a type
     *        without a key keeps {@code max-length} entries
     * @param indexMaxLength entries each conversation's index keeps at most (approximately); the index lists a
     *        conversation's events so they are read without scanning the type streams
     * @param waitReplicas replicas each publish and state write waits for ({@code WAIT n}, at most half the command
     *        timeout) before it counts as done; fewer fails the write. 0 waits for none
     */
    public record Redis(@DefaultValue("redis://127.0.0.1:6379") String url,
            @DefaultValue("500") Integer batchSize, @DefaultValue("100ms") Duration block,
            @DefaultValue("60s") Duration claimIdle, @DefaultValue("5s") Duration claimInterval,
            @DefaultValue("1000000") Long maxLength,
            @DefaultValue("100000") Long deadLetterMaxLength,
            @DefaultValue("1s") Duration discoveryInterval,
            @DefaultValue("5s") Duration metricsInterval,
            @DefaultValue("5s") Duration commandTimeout, @DefaultValue("false") Boolean cluster,
            Map<String, Retention> retention, @DefaultValue("50000") Long indexMaxLength,
            @DefaultValue("0") Integer waitReplicas) {

        /**
         * What the types carrying audio or video keep unless configured: a few minutes, enough for a consumer that
         * restarts to catch up, and at most ~164 MB of audio chunks, ~165 MB of video frames and ~160 MB of
         * utterances (phrases of the default 15 s at most), within the 640 MB the deployment files give Redis (a
         * camera at 2 frames/s of 200 KiB is 24 MiB a minute). An utterance is kept longer than a chunk:
         * transcription may fall minutes behind while the detector does not.
         */
        public static final Map<String, Retention> DEFAULT_RETENTION = Map.of(
                "input.audio.chunk", new Retention(100_000L, Duration.ofMinutes(2)),
                "input.video.frame", new Retention(2_000L, Duration.ofMinutes(2)),
                "input.utterance.completed", new Retention(250L, Duration.ofMinutes(10)));

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Redis {
            url = url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
            cluster = cluster != null && cluster;
            for (String seed : url.split(",")) {
                String trimmed = seed.strip();
                if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
                    throw new IllegalArgumentException("janus.bus.redis.url must start with redis:// or rediss://"
                            + " (a cluster's seed nodes: comma-separated), but was '" + redactedUrl(url) + "'");
                }
            }
            if (!cluster && url.contains(",")) {
                throw new IllegalArgumentException("janus.bus.redis.url lists several servers ('" + redactedUrl(url)
                        + "'): set janus.bus.redis.cluster=true for a Redis Cluster, or name one server");
            }
            batchSize = inRange("janus.bus.redis.batch-size", batchSize, 500, 1, 10_000);
            block = positive("janus.bus.redis.block", block, Duration.ofMillis(100));
            claimIdle = positive("janus.bus.redis.claim-idle", claimIdle, Duration.ofSeconds(60));
            claimInterval = positive("janus.bus.redis.claim-interval", claimInterval, Duration.ofSeconds(5));
            maxLength = maxLength == null ? 1_000_000L : maxLength;
            if (maxLength < 0) {
                throw new IllegalArgumentException("janus.bus.redis.max-length must be 0 (no trimming) or more, but was "
                        + maxLength);
            }
            deadLetterMaxLength = deadLetterMaxLength == null ? 100_000L : deadLetterMaxLength;
            discoveryInterval = positive("janus.bus.redis.discovery-interval", discoveryInterval, Duration.ofSeconds(1));
            metricsInterval = positive("janus.bus.redis.metrics-interval", metricsInterval, Duration.ofSeconds(5));
            commandTimeout = positive("janus.bus.redis.command-timeout", commandTimeout, Duration.ofSeconds(5));
            if (block.compareTo(commandTimeout) >= 0) {
                throw new IllegalArgumentException("janus.bus.redis.block (" + block + ") must be shorter than "
                        + "janus.bus.redis.command-timeout (" + commandTimeout + "): the client fails any command not "
                        + "answered within the timeout, a blocking read too");
            }
            Map<String, Retention> merged = new LinkedHashMap<>(DEFAULT_RETENTION);
            if (retention != null) {
                retention.forEach((type, kept) -> {
                    EventPattern.of(type);
                    merged.put(type, kept.validated("janus.bus.redis.retention[" + type + "]"));
                });
            }
            retention = Map.copyOf(merged);
            indexMaxLength = indexMaxLength == null ? 50_000L : indexMaxLength;
            if (indexMaxLength < 100) {
                throw new IllegalArgumentException("janus.bus.redis.index-max-length must be 100 or more, but was "
                        + indexMaxLength);
            }
            waitReplicas = inRange("janus.bus.redis.wait-replicas", waitReplicas, 0, 0, 16);
        }

        /** The settings without waiting for replicas. */
        public Redis(@Nullable String url, @Nullable Integer batchSize, @Nullable Duration block,
                @Nullable Duration claimIdle, @Nullable Duration claimInterval, @Nullable Long maxLength,
                @Nullable Long deadLetterMaxLength, @Nullable Duration discoveryInterval,
                @Nullable Duration metricsInterval, @Nullable Duration commandTimeout, @Nullable Boolean cluster,
                @Nullable Map<String, Retention> retention, @Nullable Long indexMaxLength) {
            this(url, batchSize, block, claimIdle, claimInterval, maxLength, deadLetterMaxLength, discoveryInterval,
                    metricsInterval, commandTimeout, cluster, retention, indexMaxLength, null);
        }

        /** The settings of a single Redis or a cluster, with the default retention. */
        public Redis(@Nullable String url, @Nullable Integer batchSize, @Nullable Duration block,
                @Nullable Duration claimIdle, @Nullable Duration claimInterval, @Nullable Long maxLength,
                @Nullable Long deadLetterMaxLength, @Nullable Duration discoveryInterval,
                @Nullable Duration metricsInterval, @Nullable Duration commandTimeout, @Nullable Boolean cluster) {
            this(url, batchSize, block, claimIdle, claimInterval, maxLength, deadLetterMaxLength, discoveryInterval,
                    metricsInterval, commandTimeout, cluster, null, null, null);
        }

        /**
         * What the stream of {@code eventType} keeps: the retention of the most specific matching key (an exact
         * type before the longest prefix wildcard), else {@code max-length} entries of any age.
         */
        public Retention retentionOf(String eventType) {
            Retention found = retention.get(eventType);
            if (found != null) {
                return found.orLength(maxLength);
            }
            Map.Entry<String, Retention> best = null;
            for (Map.Entry<String, Retention> entry : retention.entrySet()) {
                String key = entry.getKey();
                if (EventPattern.of(key).matches(eventType) && (best == null || key.length() > best.getKey().length())) {
                    best = entry;
                }
            }
            return best == null ? new Retention(maxLength, null) : best.getValue().orLength(maxLength);
        }

        /** The settings of a single Redis (not a cluster). */
        public Redis(@Nullable String url, @Nullable Integer batchSize, @Nullable Duration block,
                @Nullable Duration claimIdle, @Nullable Duration claimInterval, @Nullable Long maxLength,
                @Nullable Long deadLetterMaxLength, @Nullable Duration discoveryInterval,
                @Nullable Duration metricsInterval, @Nullable Duration commandTimeout) {
            this(url, batchSize, block, claimIdle, claimInterval, maxLength, deadLetterMaxLength, discoveryInterval,
                    metricsInterval, commandTimeout, false);
        }

        static Redis defaults() {
            return new Redis(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }

        /** Whether the URL lists seed nodes of a Redis Cluster. */
        public boolean isCluster() {
            return Boolean.TRUE.equals(cluster);
        }

        /** How to reach this Redis: what the engine connects with, and the components' shared state too. */
        public RedisSettings connection() {
            return new RedisSettings(url, isCluster(), commandTimeout, waitReplicas);
        }

        /** The URL with any password replaced by {@code ***}, for logs. */
        public String redactedUrl() {
            return redactedUrl(url);
        }

        /**
         * Each URL of the list with the password of its user information replaced by {@code ***}: {@code user:***@},
         * {@code :***@}, and {@code ***@} for user information without a colon, which Lettuce takes as the password.
         * The user information ends at the URL's last {@code @}, so a password holding one is hidden whole; without a
         * scheme, all before the last {@code @} is hidden.
         */
        static String redactedUrl(String url) {
            if (!url.contains("://")) {
                // not a URL (refused as one), but what precedes an @ may still be a password
                int at = url.lastIndexOf('@');
                return at < 0 ? url : "***" + url.substring(at);
            }
            StringBuilder shown = new StringBuilder(url.length());
            int from = 0;
            for (int scheme = url.indexOf("://"); scheme >= 0; scheme = url.indexOf("://", from)) {
                int authority = scheme + 3;
                int next = url.indexOf("://", authority);
                int at = url.lastIndexOf('@', (next < 0 ? url.length() : next) - 1);
                shown.append(url, from, authority);
                from = authority;
                if (at >= authority) {
                    int colon = url.indexOf(':', authority);
                    shown.append(colon >= 0 && colon < at ? url.substring(authority, colon + 1) : "").append("***");
                    from = at;
                }
            }
            return shown.append(url, from, url.length()).toString();
        }
    }

    /**
     * What one event type's stream keeps.
     *
     * @param maxLength entries kept at most (approximately, {@code MAXLEN ~}); 0 or absent: no length limit
     *        besides {@code janus.bus.redis.max-length}
     * @param maxAge how old entries may get ({@code MINID ~}); absent: any age
     */
    public record Retention(@Nullable Long maxLength, @Nullable Duration maxAge) {

        Retention validated(String property) {
            if (maxLength != null && maxLength < 0) {
                throw new IllegalArgumentException(property + ".max-length must be 0 (no limit) or more, but was "
                        + maxLength);
            }
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException(property + ".max-age must be positive, but was " + maxAge);
            }
            return this;
        }

        /** The most entries kept, 0 for no limit; set on every {@link Redis#retentionOf} result. */
        public long maxLengthOrZero() {
            return maxLength == null ? 0 : maxLength;
        }

        Retention orLength(long fallback) {
            return maxLength == null || maxLength == 0 ? new Retention(fallback, maxAge) : this;
        }
    }

    private static String defaultConsumerName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "janus");
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
