package dev.janus.bus.redis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.Delivery.Outcome;
import dev.janus.bus.internal.Delivery;
import dev.janus.bus.internal.DeliveryPipeline;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.models.stream.ClaimedMessages;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a group on the streams its pattern covers. A poller thread with its own
 * connection reads batches with XREADGROUP (never more than the free in-flight slots), hands them
 * to the delivery pipeline, and between reads acknowledges finished entries, reclaims entries
 * idle on dead consumers, discovers new event types and recovers lost groups.
 */
final class RedisSubscription implements Subscription, Runnable {

    private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);
    private static final long RECONNECT_WAIT_MILLIS = 500;
    private static final int FLUSH_EVERY = 64;

    private final RedisEventBus bus;
    private final EventPattern pattern;
    private final String group;
    private final Consumer<String> consumer;
    private final BusProperties.Redis redis;
    private final DeliveryPipeline pipeline;
    private final Semaphore inFlight;
    private final Set<String> inFlightIds = ConcurrentHashMap.newKeySet();
    private final BusConnection acker;
    private final AtomicInteger unflushed = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread poller;
    private final SetArgs handledExpiry;
    private final boolean broadcast;
    private volatile Set<String> streams = Set.of();
    private volatile boolean active = true;
    private Set<String> readsFor = Set.of();
    private List<StreamOffset<String>[]> reads = List.of();
    private int blockingRead;
    private long nextDiscovery;
    private long nextClaim;
    private boolean connectionLost;

    RedisSubscription(RedisEventBus bus, EventPattern pattern, String group, String consumerName, boolean broadcast,
            EventHandler handler) {
        this.bus = bus;
        this.broadcast = broadcast;
        this.pattern = pattern;
        this.group = group;
        this.consumer = Consumer.from(group, consumerName);
        BusProperties properties = bus.properties();
        this.redis = properties.redis();
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.handledExpiry = SetArgs.Builder.px(properties.idempotency().ttl().toMillis());
        // markers and acknowledgements are written as handlers finish and sent in one write per burst
        this.acker = bus.connector().connect();
        this.acker.setAutoFlushCommands(false);
        this.pipeline = new DeliveryPipeline("janus-" + group, group, handler, properties,
                bus.breakers().circuitBreaker(group), bus.handledBy(group), this::handledElsewhere, bus.metrics(),
                bus.tracing(), bus.deadLetterStream()::write, bus.scheduler(), acker::flushCommands);
        this.poller = new Thread(this, "janus-redis-" + group + "-" + pattern.value());
        this.poller.setDaemon(true);
    }

    void start() {
        try {
            // a broadcast group is this instance's alone: it starts at the end, not at the retained history
            discoverStreams(broadcast ? "$" : "0-0");
        }
        catch (RuntimeException e) {
            log.warn("Could not create group {} on Redis yet ({}); will keep trying", group, e.toString());
        }
        poller.start();
    }

    @Override
    public void run() {
        try (BusConnection reader = bus.connector().connect()) {
            while (active) {
                try {
                    pollOnce(reader);
                    if (connectionLost) {
                        log.info("Group {} ({}) reading from Redis again", group, pattern);
                        connectionLost = false;
                    }
                }
                catch (RedisCommandExecutionException e) {
                    if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                        log.warn("Redis lost group {} (restarted without persistence?); recreating it", group);
                        recreateGroups();
                    }
                    else {
                        log.warn("Group {} read failed: {}", group, e.getMessage());
                        pause();
                    }
                }
                catch (RuntimeException e) {
                    if (!active) {
                        break;
                    }
                    if (!connectionLost) {
                        log.warn("Group {} lost Redis ({}); retrying", group, e.toString());
                        connectionLost = true;
                    }
                    pause();
                }
            }
        }
        catch (RuntimeException e) {
            log.error("Group {} could not open its Redis connection", group, e);
        }
        finally {
            stopped.countDown();
        }
    }

    private void pollOnce(BusConnection reader) throws RedisCommandExecutionException {
        long now = System.nanoTime();
        if (now >= nextDiscovery) {
            discoverStreams("0-0");
            nextDiscovery = now + redis.discoveryInterval().toNanos();
        }
        if (now >= nextClaim) {
            reclaimIdleEntries();
            nextClaim = now + redis.claimInterval().toNanos();
        }
        int room = Math.min(redis.batchSize(), inFlight.availablePermits());
        if (room == 0) {
            waitForRoom();
            return;
        }
        List<StreamOffset<String>[]> reads = readsPerSlot();
        if (reads.isEmpty()) {
            pause();
            return;
        }
        if (reads.size() == 1) {
            dispatchAll(reader.sync().xreadgroup(consumer, XReadArgs.Builder.count(room).block(redis.block()),
                    reads.get(0)));
            return;
        }
        // A cluster answers a read of several streams only when they share a slot (else CROSSSLOT): read each
        // slot without waiting, and only when all were empty wait on one slot in turn, so an idle subscription
        // still sleeps in Redis and a new entry waits at most about one block interval.
        int read = 0;
        for (StreamOffset<String>[] offsets : reads) {
            int left = room - read;
            if (left <= 0) {
                break;
            }
            read += dispatchAll(reader.sync().xreadgroup(consumer, XReadArgs.Builder.count(left), offsets));
        }
        if (read == 0) {
            StreamOffset<String>[] waitOn = reads.get(Math.floorMod(blockingRead++, reads.size()));
            long blockMillis = Math.max(1, redis.block().toMillis() / reads.size());
            dispatchAll(reader.sync().xreadgroup(consumer, XReadArgs.Builder.count(room).block(blockMillis), waitOn));
        }
    }

    private int dispatchAll(List<StreamMessage<String, String>> entries) {
        for (StreamMessage<String, String> entry : entries) {
            dispatch(entry, false);
        }
        return entries.size();
    }

    /**
     * The XREADGROUP offsets for the subscription's streams: all in one read on a single Redis, one read
     * per hash slot on a cluster. Recomputed only when the set of streams changed.
     */
    @SuppressWarnings("unchecked")
    private List<StreamOffset<String>[]> readsPerSlot() {
        Set<String> current = streams;
        if (current != readsFor) {
            Map<Integer, List<StreamOffset<String>>> bySlot = new java.util.TreeMap<>();
            for (String stream : current) {
                int slot = bus.connector().cluster() ? SlotHash.getSlot(stream) : 0;
                bySlot.computeIfAbsent(slot, key -> new java.util.ArrayList<>()).add(StreamOffset.lastConsumed(stream));
            }
            reads = bySlot.values().stream().map(offsets -> offsets.toArray(StreamOffset[]::new))
                    .map(offsets -> (StreamOffset<String>[]) offsets).toList();
            readsFor = current;
        }
        return reads;
    }

    private void dispatch(StreamMessage<String, String> entry, boolean redelivered) {
        String stream = entry.getStream();
        if (!inFlightIds.add(stream + "/" + entry.getId())) {
            return;
        }
        inFlight.acquireUninterruptibly();
        Map<String, String> body = entry.getBody();
        String json = body == null ? null : body.get(StreamKeys.EVENT_FIELD);
        JanusEvent event;
        try {
            if (json == null) {
                throw new InvalidEventException(StreamKeys.EVENT_FIELD, "is missing from the stream entry");
            }
            event = bus.codec().decode(json);
        }
        catch (InvalidEventException e) {
            deadLetterUndecodable(stream, entry.getId(), body, json, e);
            return;
        }
        String replayGroup = body.get(StreamKeys.REPLAY_GROUP_FIELD);
        if (replayGroup != null && !replayGroup.equals(group)) {
            // a dead letter replayed for another group: not this group's to handle again
            acknowledge(stream, entry.getId());
            release(stream, entry.getId());
            return;
        }
        List<String> history = replayGroup == null ? List.of() : bus.replayHistory(body);
        pipeline.submit(new Delivery(event, stream, entry.getId(), redelivered, this::settled, 0, history));
    }

    private void deadLetterUndecodable(String stream, String id, @Nullable Map<String, String> body,
            @Nullable String json, InvalidEventException error) {
        String typeName = body == null ? null : body.get(StreamKeys.TYPE_FIELD);
        bus.metrics().countUnknown(typeName == null ? StreamKeys.eventType(stream) : typeName, Status.DEAD_LETTERED);
        log.warn("Group {} cannot read entry {} of {}; dead-lettered: {}", group, id, stream, error.getMessage());
        String raw = json != null ? json : String.valueOf(body);
        DeadLetter letter = new DeadLetter("", raw, typeName, null, "undecodable: " + error.getMessage(), 0, stream,
                group, id, java.time.Instant.now(), List.of());
        bus.deadLetterStream().write(letter).whenComplete((ok, failure) -> {
            if (failure == null) {
                acknowledge(stream, id);
                acker.flushCommands();
            }
            release(stream, id);
        });
    }

    private void settled(Delivery delivery, Outcome outcome) {
        String id = delivery.originId();
        if (id == null) {
            return;
        }
        switch (outcome) {
            case HANDLED -> {
                // the marker precedes the acknowledgement: should the acknowledgement be lost, the entry is
                // redelivered and the marker makes the group skip it
                acker.async().set(StreamKeys.handled(group, delivery.event().eventId()), "1", handledExpiry);
                acknowledge(delivery.originStream(), id);
            }
            case DUPLICATE, DEAD_LETTERED -> acknowledge(delivery.originStream(), id);
            case ABANDONED -> {
                // left pending: another consumer reclaims it after claim-idle
            }
        }
        release(delivery.originStream(), id);
    }

    private void release(String stream, String id) {
        inFlightIds.remove(stream + "/" + id);
        inFlight.release();
    }

    /** Queues an acknowledgement; it is sent when the lane runs out of work, or with every 64th. */
    private void acknowledge(String stream, String id) {
        acker.async().xack(stream, group, id);
        if (unflushed.incrementAndGet() % FLUSH_EVERY == 0) {
            acker.flushCommands();
        }
    }

    private boolean handledElsewhere(Delivery delivery) {
        return bus.commands().sync().exists(StreamKeys.handled(group, delivery.event().eventId())) > 0;
    }

    /** Takes over entries that sat unacknowledged on any consumer longer than claim-idle. */
    private void reclaimIdleEntries() {
        for (String stream : streams) {
            String cursor = "0-0";
            do {
                int room = Math.min(redis.batchSize(), inFlight.availablePermits());
                if (room == 0) {
                    return;
                }
                ClaimedMessages<String, String> claimed = bus.commands().sync().xautoclaim(stream,
                        XAutoClaimArgs.Builder.xautoclaim(consumer, redis.claimIdle(), cursor).count(room));
                for (StreamMessage<String, String> entry : claimed.getMessages()) {
                    if (entry.getBody() == null || entry.getBody().isEmpty()) {
                        // trimmed away while pending: nothing left to deliver
                        acknowledge(stream, entry.getId());
                        continue;
                    }
                    log.info("Group {} reclaimed entry {} of {} from a consumer that went quiet", group, entry.getId(),
                            stream);
                    dispatch(new StreamMessage<>(stream, entry.getId(), entry.getBody()), true);
                }
                cursor = claimed.getId();
            }
            while (!"0-0".equals(cursor) && active);
        }
        acker.flushCommands();
    }

    private void discoverStreams(String start) {
        Set<String> found = bus.streamsMatching(pattern);
        Set<String> known = streams;
        if (found.equals(known)) {
            return;
        }
        for (String stream : found) {
            if (!known.contains(stream)) {
                bus.ensureGroup(stream, group, start);
            }
        }
        Set<String> merged = new LinkedHashSet<>(known);
        merged.addAll(found);
        streams = Set.copyOf(merged);
    }

    private void recreateGroups() {
        for (String stream : streams) {
            bus.ensureGroup(stream, group, "0-0");
        }
    }

    private void waitForRoom() {
        try {
            if (inFlight.tryAcquire(redis.block().toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active = false;
        }
    }

    private void pause() {
        try {
            stopped.await(RECONNECT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active = false;
        }
    }

    @Override
    public String pattern() {
        return pattern.value();
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void cancel() {
        if (!active) {
            return;
        }
        // no queued event may start once the subscription reports itself inactive
        pipeline.stopStarting();
        active = false;
        try {
            stopped.await(redis.block().toMillis() + redis.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.awaitRunning(bus.properties().shutdownTimeout());
        try {
            acker.flushCommands();
            acker.close();
        }
        catch (RuntimeException e) {
            log.warn("Group {} could not acknowledge its last entries; they will be redelivered", group);
        }
        if (broadcast) {
            destroyGroup();
        }
        bus.removed(this);
    }

    private void destroyGroup() {
        for (String stream : streams) {
            try {
                bus.commands().sync().xgroupDestroy(stream, group);
            }
            catch (RuntimeException e) {
                log.debug("Could not remove broadcast group {} from {}: {}", group, stream, e.toString());
            }
        }
    }

    /** The streams this subscription reads, for lag metrics. */
    Set<String> streams() {
        return streams;
    }
}
