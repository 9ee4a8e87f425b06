package dev.janus.bus.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.PublishException;
import dev.janus.bus.Subscription;
import dev.janus.bus.UserErasure;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.internal.ErasedUsers;
import dev.janus.bus.internal.GroupBreaker;
import dev.janus.bus.internal.PageBudget;
import dev.janus.bus.internal.RecentEventIds;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.redis.BusConnection;
import dev.janus.redis.LuaScript;
import dev.janus.redis.RedisConnector;
import dev.janus.redis.RedisOutage;
import dev.janus.redis.ReplicaWait;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.XTrimArgs;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Streams engine. Each event type is a stream {@code janus:<event_type>}; each consumer
 * group reads it with XREADGROUP in batches, acknowledges an entry only after its handler
 * succeeded (or after it was dead-lettered to {@code janus:dlq}), reclaims entries a dead consumer
 * left pending (XPENDING + XCLAIM; an entry delivered {@code janus.bus.max-deliveries} times is dead-lettered
 * instead), and recreates its groups when Redis lost them (NOGROUP). Broadcast subscriptions read with plain XREAD
 * and leave nothing in Redis. Publishing writes the event and its entry in its conversation's index
 * ({@link ConversationIndex}) in one round trip, and each type's stream keeps what its retention says
 * ({@code janus.bus.redis.retention}: by length as it is written, by age every few seconds). On a Redis Cluster
 * ({@code janus.bus.redis.cluster=true}) the streams spread over the shards by their keys' slots; the event's
 * entry is written first and its index entry after it, and reads of several streams are split per slot.
 */
public final class RedisEventBus implements EventBus, EventHistory, DeadLetterQueue, UserErasure, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    private static final long TYPE_REGISTRATION_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long AGE_TRIM_INTERVAL_MILLIS = 5_000;
    private static final long ERASED_USERS_REFRESH_MILLIS = 2_000;

    /** Adds the event to its type's stream and its entry to its conversation's index, atomically. */
    private static final LuaScript PUBLISH = new LuaScript("""
            local id
            if ARGV[1] == '0' then
              id = redis.call('XADD', KEYS[1], '*', 'event', ARGV[2], 'event_type', ARGV[3])
            else
              id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[2], 'event_type', ARGV[3])
            end
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 't', ARGV[3], 'i', id, 'e', ARGV[5])
            if ARGV[6] ~= '0' then
              redis.call('PEXPIRE', KEYS[2], ARGV[6])
            end
            return id
            """);

    private final BusProperties properties;
    private final BusMetrics metrics;
    private final BusTracing tracing;
    private final CircuitBreakerRegistry breakers;
    private final EventCodec codec = new EventCodec();
    private final RedisConnector connector;
    private final BusConnection commands;
    /**
     * On a single Redis whose writes wait for no replica, the connection events are published on, flushed by
     * {@link #flusher}; else null.
     */
    private final @Nullable BusConnection publisher;
    private final @Nullable CoalescingFlusher flusher;
    private final DeadLetterStream deadLetters;
    private final ScheduledExecutorService scheduler;
    private final XAddArgs replayArgs;
    private final XAddArgs indexArgs;
    private final long indexTtlMillis;
    private final ConversationIndex index;
    private final ReplicaWait replicas;
    private final Map<String, Long> typeRegisteredAt = new ConcurrentHashMap<>();
    /** Each type's retention, worked out once: matching the configured patterns on every publish cost a regex each. */
    private final Map<String, BusProperties.Retention> retentions = new ConcurrentHashMap<>();
    private final Map<String, RecentEventIds> handledByGroup = new ConcurrentHashMap<>();
    private final Map<String, GroupBreaker> breakerByGroup = new ConcurrentHashMap<>();
    private final List<StreamPoller> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final StreamLagGauges lagGauges;
    private final RedisMemoryGauges memoryGauges;
    private final ErasedUsers erasedUsers = new ErasedUsers();
    private final UserErasureOnRedis erasure;
    private volatile boolean closed;

    public RedisEventBus(BusProperties properties, BusMetrics metrics, BusTracing tracing,
            CircuitBreakerRegistry breakers) {
        this.properties = properties;
        this.metrics = metrics;
        this.tracing = tracing;
        this.breakers = breakers;
        BusProperties.Redis redis = properties.redis();
        this.connector = RedisConnector.create(redis.connection());
        this.commands = connector.connect();
        if (connector.cluster() || redis.waitReplicas() > 0) {
            // WAIT must follow each publish on the connection that sent it: publishes go on the shared one
            this.publisher = null;
            this.flusher = null;
        }
        else {
            this.publisher = connector.connect();
            this.flusher = new CoalescingFlusher(publisher, "janus-redis-publish-flusher");
            loadPublishScript();
        }
        this.deadLetters = new DeadLetterStream(commands, connector.cluster(), redis.deadLetterMaxLength());
        this.replayArgs = redis.maxLength() > 0
                ? new XAddArgs().maxlen(redis.maxLength()).approximateTrimming(true) : new XAddArgs();
        this.indexArgs = new XAddArgs().maxlen(redis.indexMaxLength()).approximateTrimming(true);
        this.indexTtlMillis = indexTtl(redis);
        this.index = new ConversationIndex(commands, codec, redis.commandTimeout().toMillis());
        this.replicas = new ReplicaWait(commands, redis.waitReplicas(), redis.commandTimeout());
        this.erasure = new UserErasureOnRedis(commands, index, codec, erasedUsers);
        this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "janus-bus-redis-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.lagGauges = new StreamLagGauges(this, metrics.registry());
        scheduler.scheduleWithFixedDelay(lagGauges::sample, redis.metricsInterval().toMillis(),
                redis.metricsInterval().toMillis(), TimeUnit.MILLISECONDS);
        this.memoryGauges = new RedisMemoryGauges(commands, metrics.registry());
        scheduler.scheduleWithFixedDelay(memoryGauges::sample, 0, redis.metricsInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::trimByAge, AGE_TRIM_INTERVAL_MILLIS, AGE_TRIM_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        scheduler.execute(this::removeLegacyBroadcastGroups);
        scheduler.scheduleWithFixedDelay(this::refreshErasedUsers, 0, ERASED_USERS_REFRESH_MILLIS,
                TimeUnit.MILLISECONDS);
        log.info("Redis Streams bus connected to {}{} as consumer {}", redis.isCluster() ? "the Redis Cluster at " : "",
                redis.redactedUrl(), properties.consumerName());
    }

    @Override
    public CompletableFuture<Void> publish(JanusEvent event) {
        if (closed) {
            metrics.count(event.eventType(), Status.ERROR);
            return CompletableFuture.failedFuture(new PublishException("the Redis bus is closed"));
        }
        if (erasedUsers.covers(event)) {
            // a late copy of an erased user's event: refused, as the erasure promised
            metrics.count(event.eventType(), Status.ERASED);
            return CompletableFuture.completedFuture(null);
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
            write(traced, type, json).whenComplete((id, error) -> {
                publishing.end(error);
                if (error != null) {
                    metrics.count(traced.eventType(), Status.ERROR);
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    result.completeExceptionally(new PublishException("could not publish " + type + " "
                            + traced.eventId() + " to Redis: " + cause.getMessage(), cause));
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

    /**
     * Adds the event to its type's stream and its entry to its conversation's index: one script on a single
     * Redis; on a cluster, where the two keys live in different slots, the event first and its index entry after
     * it (the publish fails unless both succeed; an event published twice is listed once, by its event id). With
     * {@code wait-replicas} the publish completes once the replicas have both writes; without, on a single Redis,
     * publishes share a connection of their own whose writes the coalescing flusher sends.
     */
    private CompletionStage<?> write(JanusEvent event, String type, String json) {
        String stream = StreamKeys.stream(type);
        String indexKey = ConversationIndex.key(event.streamId());
        if (publisher != null && flusher != null) {
            PublishCommand command = publishCommand(event, json);
            return PUBLISH.runAsync(publisher.async(), flusher::flushSoon, ScriptOutputType.VALUE, command.keys(),
                    command.arguments());
        }
        return add(event, type, json, stream, indexKey)
                .thenCompose(written -> (connector.cluster() ? replicas.after(stream, indexKey) : replicas.after(stream))
                        .thenApply(replicated -> written));
    }

    /** The publish on the connection {@code WAIT} follows: on a cluster, or when writes wait for replicas. */
    private CompletionStage<?> add(JanusEvent event, String type, String json, String stream, String indexKey) {
        long maxLength = retentionOf(type).maxLengthOrZero();
        if (!connector.cluster()) {
            PublishCommand command = publishCommand(event, json);
            return PUBLISH.runAsync(commands.async(), ScriptOutputType.VALUE, command.keys(), command.arguments());
        }
        XAddArgs eventArgs = maxLength > 0 ? new XAddArgs().maxlen(maxLength).approximateTrimming(true)
                : new XAddArgs();
        return commands.async().xadd(stream, eventArgs, StreamKeys.EVENT_FIELD, json, StreamKeys.TYPE_FIELD, type)
                .thenCompose(id -> commands.async().xadd(indexKey, indexArgs, ConversationIndex.TYPE_FIELD, type,
                        ConversationIndex.ENTRY_FIELD, id, ConversationIndex.EVENT_ID_FIELD, event.eventId()))
                .thenCompose(indexed -> indexTtlMillis > 0
                        ? commands.async().pexpire(indexKey, indexTtlMillis).thenApply(ignored -> indexed)
                        : CompletableFuture.completedFuture(indexed));
    }

    /**
     * The script a single Redis runs to publish {@code event}, whose JSON is {@code json}, with its keys and
     * arguments as this bus sends them: for benchmarks that compare the bus with a plain client sending the same.
     */
    public PublishCommand publishCommand(JanusEvent event, String json) {
        String type = event.eventType().wireName();
        return new PublishCommand(PUBLISH,
                new String[] { StreamKeys.stream(type), ConversationIndex.key(event.streamId()) },
                new String[] { Long.toString(retentionOf(type).maxLengthOrZero()), json, type,
                        Long.toString(properties.redis().indexMaxLength()), event.eventId(),
                        Long.toString(indexTtlMillis) });
    }

    private BusProperties.Retention retentionOf(String type) {
        return retentions.computeIfAbsent(type, properties.redis()::retentionOf);
    }

    /** A publish as one script run: the script, its keys and its arguments. */
    public record PublishCommand(LuaScript script, String[] keys, String[] arguments) {
    }

    /**
     * How long a conversation's index lives after its last event: as long as the longest-kept type when every
     * type is kept for a limited time; otherwise for ever (it is trimmed by length, and erased with its user).
     */
    private static long indexTtl(BusProperties.Redis redis) {
        long longest = 0;
        for (EventType type : EventType.values()) {
            Duration age = redis.retentionOf(type.wireName()).maxAge();
            if (age == null) {
                return 0;
            }
            longest = Math.max(longest, age.toMillis());
        }
        return longest;
    }

    /** Trims each stream whose type has a maximum age to the entries younger than it. */
    private void trimByAge() {
        try {
            long now = System.currentTimeMillis();
            for (String stream : streamsMatching(EventPattern.ALL)) {
                Duration age = retentionOf(StreamKeys.eventType(stream)).maxAge();
                if (age != null) {
                    commands.async().xtrim(stream, XTrimArgs.Builder.minId((now - age.toMillis()) + "-0")
                            .approximateTrimming());
                }
            }
        }
        catch (RuntimeException e) {
            log.debug("Could not trim streams by age: {}", e.toString());
        }
    }

    /**
     * Removes the consumer groups earlier versions made per node for broadcasts ({@code <component>@<node>}):
     * broadcasts read without groups now, and a node killed under an earlier version left its groups behind.
     */
    private void removeLegacyBroadcastGroups() {
        try {
            for (String stream : streamsMatching(EventPattern.ALL)) {
                List<Object> groups;
                try {
                    groups = commands.sync().xinfoGroups(stream);
                }
                catch (RedisCommandExecutionException e) {
                    // no such stream
                    continue;
                }
                for (Object info : groups) {
                    String name = StreamLagGauges.field((List<?>) info, "name");
                    if (name != null && name.contains("@")) {
                        commands.sync().xgroupDestroy(stream, name);
                        log.info("Removed consumer group {} of {}, made by an earlier version for a broadcast", name,
                                stream);
                    }
                }
            }
        }
        catch (RuntimeException e) {
            log.debug("Could not look for the broadcast groups of earlier versions: {}", e.toString());
        }
    }

    @Override
    public Subscription subscribe(String pattern, String group, @Nullable Duration handlerTimeout,
            EventHandler handler) {
        EventPattern parsed = EventPattern.of(pattern);
        if (group.isBlank()) {
            throw new IllegalArgumentException("group must name the consumer group (e.g. janus-memory), but was blank");
        }
        requireOpen();
        String consumer = properties.consumerName() + "-" + subscriptionCount.incrementAndGet();
        RedisSubscription subscription = new RedisSubscription(this, parsed, group, consumer, handlerTimeout, handler);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    @Override
    public Subscription subscribeBroadcast(String pattern, String component, EventHandler handler) {
        EventPattern parsed = EventPattern.of(pattern);
        requireOpen();
        RedisBroadcastSubscription subscription = new RedisBroadcastSubscription(this, parsed, component, handler);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the Redis bus is closed");
        }
    }

    /**
     * With a stream id, that conversation's newest events of the pattern's types, read through its index; without
     * one, the newest of all the type streams the pattern covers ({@link NewestAcrossStreams}). The budget counts
     * characters of JSON, as Redis hands them over.
     */
    @Override
    public List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit, long maxBytes) {
        if (streamId != null) {
            return index.newest(streamId, type -> type != null && pattern.matches(type), limit,
                    properties.redis().indexMaxLength(), maxBytes);
        }
        return new NewestAcrossStreams(commands.sync(), codec).read(streamsMatching(pattern), limit,
                new PageBudget(maxBytes));
    }

    @Override
    public ConversationPage conversation(String streamId, @Nullable String after, int limit) {
        return index.page(streamId, after, limit);
    }

    @Override
    public Erased eraseUser(String userId, Instant erasedAt, Collection<String> streamIds) {
        return erasure.erase(userId, erasedAt, streamIds);
    }

    @Override
    public Optional<Instant> erasedAt(String userId) {
        return erasedUsers.erasedAt(userId);
    }

    private void refreshErasedUsers() {
        try {
            erasure.refresh();
        }
        catch (RuntimeException e) {
            log.debug("Could not read the erased users: {}", e.toString());
        }
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
        if (erasedUsers.covers(codecOrNull(letter.event()))) {
            throw new IllegalArgumentException("dead letter " + id + " is an event of an erased user; it cannot be "
                    + "replayed, only deleted");
        }
        if (letter.eventId() == null) {
            throw new IllegalArgumentException("dead letter " + id + " is not an event this build can read ("
                    + letter.error() + "); it cannot be replayed, only deleted");
        }
        commands().sync().xadd(letter.originStream(), replayArgs, deadLetters.replayEntry(letter));
        try {
            replicas.after(letter.originStream()).toCompletableFuture().join();
        }
        catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        deadLetters.delete(id);
        log.info("Replayed dead letter {} (event {}) to group {} on {}", id, letter.eventId(), letter.originGroup(),
                letter.originStream());
        return true;
    }

    private @Nullable JanusEvent codecOrNull(String json) {
        try {
            return codec.decode(json);
        }
        catch (InvalidEventException e) {
            return null;
        }
    }

    /** The earlier failures an entry replayed from the dead-letter queue carries. */
    List<String> replayHistory(Map<String, byte[]> body) {
        return deadLetters.history(body);
    }

    /** Cancels every subscription (running handlers finish, the rest stays pending) and disconnects. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(subscription -> ((Subscription) subscription).cancel());
        scheduler.shutdownNow();
        if (flusher != null && publisher != null) {
            flusher.close();
            publisher.close();
        }
        commands.close();
        connector.close();
    }

    /**
     * Puts the publish script in Redis's script cache, so that publishes run it by SHA-1 from the first: a publish
     * that finds it missing sends it whole after the fact, which could put a later event of the stream before it.
     */
    private void loadPublishScript() {
        try {
            PUBLISH.load(commands.sync());
        }
        catch (RuntimeException e) {
            log.warn("Could not load the publish script into Redis yet ({}); publishes will send it", e.toString());
        }
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

    void removed(StreamPoller subscription) {
        subscriptions.remove(subscription);
    }

    /**
     * Asks Redis for {@code PONG} on the bus's connection, waiting at most {@code timeout}: how health tells that
     * Redis answers. Blocks the caller up to the timeout.
     *
     * @throws IllegalStateException when Redis did not answer in time or the connection is lost, saying why
     */
    public void ping(Duration timeout) {
        try {
            commands.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Redis did not answer PING: " + e.getCause(), e.getCause());
        }
        catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Redis did not answer PING within "
                    + dev.janus.bus.config.PropertyCheck.readable(timeout), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PONG", e);
        }
    }

    /**
     * Whether a handler's {@code failure} is Redis being out of reach, as it still is: Redis's outage explains it and
     * Redis does not answer {@code PING} within the command timeout now. Blocks the caller up to that timeout; an
     * interrupted caller is told no (its interrupt kept), so that it stops rather than waits.
     */
    boolean outageOngoing(Throwable failure) {
        if (!RedisOutage.explains(failure)) {
            return false;
        }
        try {
            ping(properties.redis().commandTimeout());
            return false;
        }
        catch (IllegalStateException unanswered) {
            return !Thread.currentThread().isInterrupted();
        }
    }

    /**
     * Each subscription of this instance, and whether its reader went round without an error within
     * {@code window}; a reader retrying a lost Redis, or one that died, is not reading.
     */
    public List<SubscriptionState> subscriptionStates(Duration window) {
        return subscriptions.stream()
                .map(poller -> new SubscriptionState(poller.name, poller.pattern.value(),
                        poller.readWithin(window.toNanos())))
                .toList();
    }

    /**
     * The entries not yet delivered to each consumer group on the streams this instance reads, as last sampled
     * ({@code janus.bus.redis.metrics-interval}), keyed {@code <group> <stream>}; groups without lag are left out.
     */
    public Map<String, Long> streamLag() {
        return lagGauges.lagSnapshot();
    }

    @Override
    public List<Subscription> liveSubscriptions() {
        return subscriptions.stream().map(poller -> (Subscription) poller).filter(Subscription::isActive).toList();
    }

    /** The live subscriptions: consumer groups and broadcasts. */
    List<StreamPoller> subscriptions() {
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

    /** The breaker of a consumer group (or a broadcast's consumer), shared by its subscriptions in this JVM. */
    GroupBreaker breakerOf(String group) {
        return breakerByGroup.computeIfAbsent(group, name -> new GroupBreaker(breakers.circuitBreaker(name)));
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

    ErasedUsers erasedUsers() {
        return erasedUsers;
    }
}
