package dev.janus.bus.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.PublishException;
import dev.janus.bus.Subscription;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.internal.RecentEventIds;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Streams engine. Each event type is a stream {@code janus:<event_type>}; each consumer
 * group reads it with XREADGROUP in batches, acknowledges an entry only after its handler
 * succeeded (or after it was dead-lettered to {@code janus:dlq}), reclaims entries a dead consumer
 * left pending (XAUTOCLAIM), and recreates its groups when Redis lost them (NOGROUP). Publishing
 * trims streams approximately to {@code janus.bus.redis.max-length}. On a Redis Cluster
 * ({@code janus.bus.redis.cluster=true}) the streams spread over the shards by their keys' slots;
 * every command the bus sends names one key, except reads of several streams, which are split per slot.
 */
public final class RedisEventBus implements EventBus, EventHistory, DeadLetterQueue, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    private static final long TYPE_REGISTRATION_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BusProperties properties;
    private final BusMetrics metrics;
    private final BusTracing tracing;
    private final CircuitBreakerRegistry breakers;
    private final EventCodec codec = new EventCodec();
    private final RedisConnector connector;
    private final BusConnection commands;
    private final DeadLetterStream deadLetters;
    private final ScheduledExecutorService scheduler;
    private final XAddArgs publishArgs;
    private final Map<String, Long> typeRegisteredAt = new ConcurrentHashMap<>();
    private final Map<String, RecentEventIds> handledByGroup = new ConcurrentHashMap<>();
    private final List<RedisSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final StreamLagGauges lagGauges;
    private volatile boolean closed;

    public RedisEventBus(BusProperties properties, BusMetrics metrics, BusTracing tracing,
            CircuitBreakerRegistry breakers) {
        this.properties = properties;
        this.metrics = metrics;
        this.tracing = tracing;
        this.breakers = breakers;
        BusProperties.Redis redis = properties.redis();
        this.connector = RedisConnector.create(redis);
        this.commands = connector.connect();
        this.deadLetters = new DeadLetterStream(commands, redis.deadLetterMaxLength());
        this.publishArgs = redis.maxLength() > 0
                ? new XAddArgs().maxlen(redis.maxLength()).approximateTrimming(true) : new XAddArgs();
        this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "janus-bus-redis-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.lagGauges = new StreamLagGauges(this, metrics.registry());
        scheduler.scheduleWithFixedDelay(lagGauges::sample, redis.metricsInterval().toMillis(),
                redis.metricsInterval().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Redis Streams bus connected to {}{} as consumer {}", redis.isCluster() ? "the Redis Cluster at " : "",
                redis.redactedUrl(), properties.consumerName());
    }

    @Override
    public CompletableFuture<Void> publish(JanusEvent event) {
        if (closed) {
            metrics.count(event.eventType(), Status.ERROR);
            return CompletableFuture.failedFuture(new PublishException("the Redis bus is closed"));
        }
        BusTracing.Publishing publishing = tracing.publishing(event);
        JanusEvent traced = publishing.event();
        String type = traced.eventType().wireName();
        String json;
        try {
            json = new String(codec.encode(traced), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (InvalidEventException e) {
            metrics.count(traced.eventType(), Status.ERROR);
            publishing.end(e);
            return CompletableFuture.failedFuture(new PublishException("event " + traced.eventId() + " rejected: "
                    + e.getMessage(), e));
        }
        registerType(type);
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            commands.async()
                    .xadd(StreamKeys.stream(type), publishArgs, StreamKeys.EVENT_FIELD, json, StreamKeys.TYPE_FIELD, type)
                    .whenComplete((id, error) -> {
                        publishing.end(error);
                        if (error != null) {
                            metrics.count(traced.eventType(), Status.ERROR);
                            result.completeExceptionally(new PublishException("could not publish " + type + " "
                                    + traced.eventId() + " to Redis: " + error.getMessage(), error));
                        }
                        else {
                            metrics.count(traced.eventType(), Status.SUCCESS);
                            result.complete(null);
                        }
                    });
        }
        catch (RuntimeException e) {
            publishing.end(e);
            metrics.count(traced.eventType(), Status.ERROR);
            result.completeExceptionally(new PublishException("could not publish " + type + " to Redis: " + e, e));
        }
        return result;
    }

    @Override
    public Subscription subscribe(String pattern, String group, EventHandler handler) {
        return subscribe(pattern, group, false, handler);
    }

    @Override
    public Subscription subscribeBroadcast(String pattern, String component, EventHandler handler) {
        return subscribe(pattern, component + "@" + properties.consumerName(), true, handler);
    }

    private Subscription subscribe(String pattern, String group, boolean broadcast, EventHandler handler) {
        EventPattern parsed = EventPattern.of(pattern);
        if (group.isBlank()) {
            throw new IllegalArgumentException("group must name the consumer group (e.g. janus-memory), but was blank");
        }
        if (closed) {
            throw new IllegalStateException("the Redis bus is closed");
        }
        String consumer = properties.consumerName() + "-" + subscriptionCount.incrementAndGet();
        RedisSubscription subscription = new RedisSubscription(this, parsed, group, consumer, broadcast, handler);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    @Override
    public List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit) {
        int scan = streamId == null ? limit : Math.min(10_000, limit * 20);
        List<JanusEvent> found = new ArrayList<>();
        for (String stream : streamsMatching(pattern)) {
            for (StreamMessage<String, String> entry : commands.sync().xrevrange(stream, Range.create("-", "+"),
                    Limit.from(scan))) {
                String json = entry.getBody().get(StreamKeys.EVENT_FIELD);
                if (json == null) {
                    continue;
                }
                try {
                    JanusEvent event = codec.decode(json);
                    if (streamId == null || streamId.equals(event.streamId())) {
                        found.add(event);
                    }
                }
                catch (InvalidEventException e) {
                    // not an event this build can read; the consumers dead-letter it
                }
            }
        }
        found.sort(Comparator.comparing(JanusEvent::timestamp));
        return found.size() <= limit ? found : List.copyOf(found.subList(found.size() - limit, found.size()));
    }

    @Override
    public List<DeadLetter> deadLetters(int limit) {
        return deadLetters.newest(limit);
    }

    @Override
    public long deadLetterCount() {
        return deadLetters.size();
    }

    @Override
    public Optional<DeadLetter> deadLetter(String id) {
        return deadLetters.find(id);
    }

    @Override
    public boolean delete(String id) {
        return deadLetters.delete(id);
    }

    /** Adds the event to its origin stream again, for its origin group only, then removes the dead letter. */
    @Override
    public boolean replay(String id) {
        Optional<DeadLetter> found = deadLetters.find(id);
        if (found.isEmpty()) {
            return false;
        }
        DeadLetter letter = found.get();
        if (letter.eventId() == null) {
            throw new IllegalArgumentException("dead letter " + id + " is not an event this build can read ("
                    + letter.error() + "); it cannot be replayed, only deleted");
        }
        commands().sync().xadd(letter.originStream(), publishArgs, deadLetters.replayEntry(letter));
        deadLetters.delete(id);
        log.info("Replayed dead letter {} (event {}) to group {} on {}", id, letter.eventId(), letter.originGroup(),
                letter.originStream());
        return true;
    }

    /** The earlier failures an entry replayed from the dead-letter queue carries. */
    List<String> replayHistory(Map<String, String> body) {
        return deadLetters.history(body);
    }

    /** Cancels every subscription (running handlers finish, the rest stays pending) and disconnects. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(RedisSubscription::cancel);
        scheduler.shutdownNow();
        commands.close();
        connector.close();
    }

    /** The stream keys a pattern covers: the known types and any type another publisher registered. */
    Set<String> streamsMatching(EventPattern pattern) {
        Set<String> streams = new LinkedHashSet<>();
        if (pattern.isExact()) {
            streams.add(StreamKeys.stream(pattern.value()));
            return streams;
        }
        for (EventType type : EventType.values()) {
            if (pattern.matches(type)) {
                streams.add(StreamKeys.stream(type.wireName()));
            }
        }
        for (String type : commands.sync().smembers(StreamKeys.KNOWN_TYPES)) {
            if (pattern.matches(type)) {
                streams.add(StreamKeys.stream(type));
            }
        }
        return streams;
    }

    /**
     * Creates the group on the stream (and the stream), reading from {@code start} ({@code 0-0}: the
     * start of the stream, {@code $}: its end); an existing group is fine.
     */
    void ensureGroup(String stream, String group, String start) {
        try {
            commands.sync().xgroupCreate(StreamOffset.from(stream, start), group, XGroupCreateArgs.Builder.mkstream(true));
        }
        catch (RedisBusyException e) {
            // BUSYGROUP: the group exists already
        }
    }

    private void registerType(String type) {
        long now = System.nanoTime();
        Long last = typeRegisteredAt.get(type);
        if (last == null || now - last > TYPE_REGISTRATION_INTERVAL_NANOS) {
            typeRegisteredAt.put(type, now);
            commands.async().sadd(StreamKeys.KNOWN_TYPES, type);
        }
    }

    void removed(RedisSubscription subscription) {
        subscriptions.remove(subscription);
    }

    List<RedisSubscription> subscriptions() {
        return subscriptions;
    }

    RecentEventIds handledBy(String group) {
        return handledByGroup.computeIfAbsent(group,
                name -> new RecentEventIds(properties.idempotency().localCapacity()));
    }

    RedisConnector connector() {
        return connector;
    }

    BusConnection commands() {
        return commands;
    }

    BusProperties properties() {
        return properties;
    }

    BusMetrics metrics() {
        return metrics;
    }

    BusTracing tracing() {
        return tracing;
    }

    CircuitBreakerRegistry breakers() {
        return breakers;
    }

    EventCodec codec() {
        return codec;
    }

    DeadLetterStream deadLetterStream() {
        return deadLetters;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
