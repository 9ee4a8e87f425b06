package dev.janus.bus.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.bus.internal.Arrival;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.Delivery;
import dev.janus.bus.internal.Delivery.Outcome;
import dev.janus.bus.internal.DeliveryPipeline;
import dev.janus.bus.internal.InFlightLimit;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.redis.StreamReadConnection;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a group on the streams its pattern covers. Its poller reads batches with XREADGROUP (never more
 * than the free in-flight slots), hands them to the delivery pipeline, and between reads acknowledges finished
 * entries, keeps the entries it is still working on from looking idle, reclaims entries idle on dead consumers —
 * dead-lettering those delivered {@code janus.bus.max-deliveries} times already — discovers new event types and
 * recovers lost groups.
 */
final class RedisSubscription extends StreamPoller implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);

    private final String group;
    private final Consumer<String> consumer;
    private final DeliveryPipeline pipeline;
    private final InFlightLimit inFlight;
    /** Entries read and not yet settled, by {@code stream/id}. */
    private final Map<String, ReadEntry> inFlightEntries = new ConcurrentHashMap<>();
    /** The newest entry this consumer read from each stream: where a group lost by Redis is created again. */
    private final Map<String, String> lastRead = new ConcurrentHashMap<>();
    private final GroupAcknowledgements acks;
    private final long markAfterNanos;
    private final int maxDeliveries;
    private int blockingRead;
    private long nextClaim;
    /** Until when entries read count as possibly handled before (after the group was created again). */
    private volatile long doubtfulUntil;
    /** The suspect handled alone now ({@code stream/id}), if any. */
    private @Nullable String isolated;
    /** Whether a suspect waits for this consumer to have nothing else in flight. */
    private boolean suspectWaiting;
    /** Free slots a read waits for: half of max-in-flight, or a batch if that is less. */
    private final int readAhead;
    /** Whether the last poll waited for room already, so this one reads whatever room there is. */
    private boolean waitedForRoom;

    RedisSubscription(RedisEventBus bus, EventPattern pattern, String group, String consumerName,
            @Nullable Duration handlerTimeout, EventHandler handler) {
        super(bus, pattern, "group " + group);
        this.group = group;
        this.consumer = Consumer.from(group, consumerName);
        BusProperties properties = bus.properties();
        this.maxDeliveries = properties.maxDeliveries();
        this.readAhead = Math.max(1, Math.min(redis.batchSize(), properties.maxInFlight() / 2));
        this.inFlight = new InFlightLimit(properties.maxInFlight(), readAhead);
        this.acks = new GroupAcknowledgements(bus.connector().connect(), group,
                SetArgs.Builder.px(properties.idempotency().ttl().toMillis()));
        this.markAfterNanos = redis.claimIdle().toNanos() / 2;
        this.pipeline = new DeliveryPipeline("janus-" + group, group, handler, properties, handlerTimeout,
                bus.breakerOf(group), bus.handledBy(group), this::handledElsewhere, bus.metrics(),
                bus.tracing(), bus.deadLetterStream()::write, bus.scheduler(), acks::flush,
                bus.erasedUsers(), bus::outageOngoing);
    }

    void start() {
        try {
            discover();
        }
        catch (RuntimeException e) {
            log.warn("Could not create group {} on Redis yet ({}); will keep trying", group, e.toString());
        }
        startPolling();
    }

    @Override
    void discovered(Set<String> added) {
        // a new group reads the retained history; a stream that appears later is read from its start
        added.forEach(stream -> bus.ensureGroup(stream, group, "0-0"));
    }

    /**
     * Creates the group again after Redis lost it. A stream Redis lost too (restarted without persistence) is read
     * from its start; a stream that survived is read after the newest entry this consumer had read, so history the
     * group had handled is not handled again (what other consumers of the group had read beyond that is read again,
     * and their handled-markers skip what they handled).
     */
    @Override
    void recover() {
        for (String stream : streams) {
            String last = lastRead.get(stream);
            bus.ensureGroup(stream, group, last != null && bus.commands().sync().xlen(stream) > 0 ? last : "0-0");
        }
        doubtfulUntil = System.nanoTime() + redis.claimIdle().toNanos();
    }

    @Override
    void pollOnce(StreamReadConnection reader) {
        acks.flush();
        long now = System.nanoTime();
        if (now >= nextClaim) {
            keepOwnEntriesAlive(now);
            reclaimIdleEntries(reader);
            nextClaim = now + redis.claimInterval().toNanos();
        }
        if (suspectWaiting || (isolated != null && inFlightEntries.containsKey(isolated))) {
            // a suspect is handled with nothing else in flight: read nothing new until it is done
            if (suspectWaiting && inFlightEntries.isEmpty()) {
                nextClaim = 0;
            }
            else {
                waitForRoom(true);
            }
            return;
        }
        int room = Math.min(redis.batchSize(), inFlight.free());
        if (room < readAhead && !waitedForRoom) {
            // a read waits until half of max-in-flight is free (or one block interval passed), so that reads stay
            // large rather than shrinking to the one or two slots that just came free
            waitedForRoom = true;
            waitForRoom(false);
            return;
        }
        waitedForRoom = false;
        if (room == 0) {
            return;
        }
        List<StreamOffset<String>[]> reads = readsPerSlot(StreamOffset::lastConsumed, true);
        if (reads.isEmpty()) {
            pause();
            return;
        }
        if (reads.size() == 1) {
            new ChainedReads(reader, reads.get(0), Math.min(nextClaim, nextDiscovery())).run();
            return;
        }
        // several slots (a cluster): read each without waiting, and only when all were empty wait on one slot in
        // turn, so an idle subscription still sleeps in Redis and a new entry waits at most about one block
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

    /**
     * Reads of one hash slot (all of a single Redis's) that follow one another on the client's I/O thread: the thread
     * that receives a read's entries hands them to the lanes and sends the next read, so the poller's thread is not
     * woken for every batch (on a virtual machine, a wake-up costs more than handing over a small batch). The poller
     * waits meanwhile, and gets the reading back when claims or discovery are due, when fewer than half of
     * max-in-flight are free, when a read fails (its failure is thrown to the poller, which handles it as one of its
     * own reads'), or when the subscription stops. One chain reads at a time, and nothing else then uses the
     * connection.
     */
    private final class ChainedReads {

        private final StreamReadConnection reader;
        private final StreamOffset<String>[] offsets;
        /** When the poller has work of its own: claims or discovery. */
        private final long handBackAt;
        private final CompletableFuture<Void> handedBack = new CompletableFuture<>();

        ChainedReads(StreamReadConnection reader, StreamOffset<String>[] offsets, long handBackAt) {
            this.reader = reader;
            this.offsets = offsets;
            this.handBackAt = handBackAt;
        }

        /** Reads until the chain hands back; throws what made it stop, as the poller's own read would have. */
        void run() {
            readNext();
            try {
                // the client fails any read not answered within the command timeout, and the chain sends none after
                // handBackAt: waiting longer than that means the client itself stopped answering
                long untilHandBack = Math.max(0, handBackAt - System.nanoTime());
                handedBack.get(untilHandBack + 2 * redis.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            }
            catch (TimeoutException e) {
                handedBack.completeExceptionally(e);
                // the poller drops the connection, and with it the read still outstanding
                throw new RedisCommandTimeoutException("no reply to XREADGROUP on " + name);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                active = false;
            }
        }

        private void readNext() {
            acks.flush();
            int room = Math.min(redis.batchSize(), inFlight.free());
            reader.async().xreadgroup(consumer, XReadArgs.Builder.count(room).block(redis.block()), offsets)
                    .whenComplete(this::received);
        }

        private void received(@Nullable List<StreamMessage<String, byte[]>> entries, @Nullable Throwable failure) {
            try {
                if (failure != null) {
                    handedBack.completeExceptionally(failure);
                    return;
                }
                if (entries != null) {
                    // the entries were read: they go to the lanes even when the poller gave up waiting meanwhile
                    dispatchAll(entries);
                }
                readNow();
                if (active && !handedBack.isDone() && System.nanoTime() < handBackAt
                        && inFlight.free() >= readAhead) {
                    readNext();
                }
                else {
                    handedBack.complete(null);
                }
            }
            catch (RuntimeException | Error e) {
                handedBack.completeExceptionally(e);
            }
        }
    }

    private int dispatchAll(List<StreamMessage<String, byte[]>> entries) {
        // read again after the group was created again: another consumer may have handled it
        boolean redelivered = System.nanoTime() < doubtfulUntil;
        List<Arrival> arrivals = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            StreamMessage<String, byte[]> entry = entries.get(i);
            // the newest of each stream's run is the one to remember: one map write per run rather than per entry
            if (i == entries.size() - 1 || !entries.get(i + 1).getStream().equals(entry.getStream())) {
                lastRead.put(entry.getStream(), entry.getId());
            }
            Arrival arrival = arrival(entry, redelivered);
            if (arrival != null) {
                arrivals.add(arrival);
            }
        }
        pipeline.submitAll(arrivals);
        return entries.size();
    }

    private void dispatch(StreamMessage<String, byte[]> entry, boolean redelivered) {
        Arrival arrival = arrival(entry, redelivered);
        if (arrival != null) {
            pipeline.submit(arrival);
        }
    }

    /** The entry as work for its lane, which decodes it; null when it is in flight already or not this group's. */
    private @Nullable Arrival arrival(StreamMessage<String, byte[]> entry, boolean redelivered) {
        ReadEntry read = new ReadEntry(entry.getStream(), entry.getId(), entry.getBody(), redelivered);
        if (!take(read)) {
            return null;
        }
        if (read.replayGroup != null && !read.replayGroup.equals(group)) {
            // a dead letter replayed for another group: not this group's to handle again
            acknowledge(read.stream, read.id);
            release(read);
            return null;
        }
        if (!read.laneKey.isEmpty()) {
            return read;
        }
        // no conversation to be read without decoding: decode here, so the event goes to its conversation's lane
        return read.delivery();
    }

    /** Puts the entry in flight, taking a slot; false when it is in flight already. */
    private boolean take(ReadEntry entry) {
        if (inFlightEntries.putIfAbsent(entry.key, entry) != null) {
            return false;
        }
        inFlight.take();
        return true;
    }

    /**
     * An entry as read: in flight from its reading until it is settled, decoded by the lane that handles it, and told
     * how its delivery ended.
     */
    private final class ReadEntry implements Arrival, Delivery.Settlement {

        private final String stream;
        private final String id;
        /** {@code stream/id}, its key among the entries in flight. */
        private final String key;
        /**
         * As read, values as bytes, and its event's JSON, taken out of it on the poller's thread (so the lane does
         * not look it up again); both let go once decoded, so that an entry in flight holds its event only.
         */
        private @Nullable Map<String, byte[]> body;
        private byte @Nullable [] json;
        /** The group a replayed dead letter is for; absent for an entry that is not a replay. */
        private final @Nullable String replayGroup;
        private final boolean redelivered;
        /** The event's conversation when it can be read without decoding; empty otherwise. */
        private final String laneKey;
        private final long readAt = System.nanoTime();
        /** When it was read, or last claimed again to keep it from looking idle. */
        private volatile long lastClaimed = readAt;

        ReadEntry(String stream, String id, @Nullable Map<String, byte[]> body, boolean redelivered) {
            this.stream = stream;
            this.id = id;
            this.key = stream + "/" + id;
            this.body = body;
            this.json = body == null ? null : body.get(StreamKeys.EVENT_FIELD);
            this.replayGroup = body == null ? null : text(body.get(StreamKeys.REPLAY_GROUP_FIELD));
            this.redelivered = redelivered;
            String streamId = json == null ? null : EventCodec.streamIdOf(json);
            this.laneKey = streamId == null ? "" : streamId;
        }

        @Override
        public String laneKey() {
            return laneKey;
        }

        @Override
        public @Nullable Delivery delivery() {
            JanusEvent event;
            try {
                event = decode(json);
            }
            catch (InvalidEventException e) {
                deadLetter(this, "undecodable: " + e.getMessage(), 0);
                return null;
            }
            List<String> history = replayGroup != null && body != null ? bus.replayHistory(body) : List.of();
            body = null;
            json = null;
            return new Delivery(event, stream, id, redelivered, this, 0, history);
        }

        @Override
        public void abandon() {
            // left pending: another consumer reclaims it after claim-idle
            release(this);
        }

        @Override
        public void settled(Delivery delivery, Outcome outcome) {
            switch (outcome) {
                case HANDLED -> acks.add(stream, id, delivery.event().eventId(), mayBeHandledTwice());
                case DUPLICATE, DEAD_LETTERED -> acknowledge(stream, id);
                case ABANDONED -> {
                    // left pending: another consumer reclaims it after claim-idle
                }
            }
            release(this);
        }

        /**
         * Whether another consumer may handle the event again, so that a handled-marker must go with the
         * acknowledgement: the entry was delivered before (claimed, or read after the group was lost), or its handling
         * outlasted half of claim-idle (another consumer may have claimed it meanwhile; an entry kept alive is one of
         * these). A first delivery handled quickly is handled again only if this consumer dies before its
         * acknowledgement is sent: at-least-once, as promised.
         */
        private boolean mayBeHandledTwice() {
            return redelivered || System.nanoTime() - readAt > markAfterNanos;
        }
    }

    private JanusEvent decode(byte @Nullable [] json) {
        if (json == null) {
            throw new InvalidEventException(StreamKeys.EVENT_FIELD, "is missing from the stream entry");
        }
        return bus.codec().decode(json);
    }

    /** Puts an entry in flight that this group will not handle into the dead-letter queue, then acknowledges it. */
    private void deadLetter(ReadEntry entry, String reason, int attempts) {
        String stream = entry.stream;
        String id = entry.id;
        Map<String, byte[]> body = entry.body;
        String typeName = body == null ? null : text(body.get(StreamKeys.TYPE_FIELD));
        String eventId = null;
        try {
            eventId = decode(entry.json).eventId();
        }
        catch (InvalidEventException e) {
            // the raw entry goes to the queue as it is
        }
        bus.metrics().countUnknown(typeName == null ? StreamKeys.eventType(stream) : typeName, Status.DEAD_LETTERED);
        log.warn("Group {} dead-lettered entry {} of {}: {}", group, id, stream, reason);
        DeadLetter letter = new DeadLetter("", rawText(body), typeName, eventId, reason, attempts, stream, group, id,
                Instant.now(), body == null ? List.of() : bus.replayHistory(body));
        bus.deadLetterStream().write(letter).whenComplete((ok, failure) -> {
            if (failure == null) {
                acknowledge(stream, id);
                acks.flush();
            }
            release(entry);
        });
    }

    /** The entry as the dead-letter queue keeps it: its event's JSON, or else all its fields, as UTF-8 text. */
    private static String rawText(@Nullable Map<String, byte[]> body) {
        if (body == null) {
            return "null";
        }
        byte[] json = body.get(StreamKeys.EVENT_FIELD);
        if (json != null) {
            return new String(json, StandardCharsets.UTF_8);
        }
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        body.forEach((field, value) -> fields.put(field, text(value)));
        return fields.toString();
    }

    /** A field's value as text; Redis holds what the bus writes as UTF-8. */
    private static @Nullable String text(byte @Nullable [] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private void release(ReadEntry entry) {
        if (inFlightEntries.remove(entry.key, entry)) {
            inFlight.release();
        }
    }

    /**
     * Queues the acknowledgement of an entry that was not handled here; it is sent when a lane runs out of work,
     * before the next read, or with the {@value GroupAcknowledgements#FLUSH_AT}th.
     */
    private void acknowledge(String stream, String id) {
        acks.add(stream, id, null, false);
    }

    private boolean handledElsewhere(Delivery delivery) {
        return bus.commands().sync().exists(StreamKeys.handled(group, delivery.event().eventId())) > 0;
    }

    /**
     * Claims again, without counting a delivery, the entries this consumer has been working on for half of
     * claim-idle: a long handling (an LLM call) is not taken over by another consumer while this one is alive.
     */
    private void keepOwnEntriesAlive(long now) {
        long half = redis.claimIdle().toNanos() / 2;
        Map<String, List<String>> byStream = new HashMap<>();
        for (ReadEntry entry : inFlightEntries.values()) {
            if (now - entry.lastClaimed > half) {
                byStream.computeIfAbsent(entry.stream, key -> new ArrayList<>()).add(entry.id);
                entry.lastClaimed = now;
            }
        }
        byStream.forEach((stream, ids) -> bus.commands().sync().xclaim(stream, consumer,
                XClaimArgs.Builder.justid().minIdleTime(0), ids.toArray(String[]::new)));
    }

    /**
     * Takes over entries that sat unacknowledged on any consumer longer than claim-idle. An entry delivered
     * {@code max-deliveries} times already goes to the dead-letter queue instead, with reason
     * {@code max_deliveries_exceeded}. An entry delivered twice or more is a suspect — it may be what killed or
     * stalled its consumers — so it is handled alone, with nothing else in flight: when it kills this consumer too,
     * it takes no innocent entry's delivery count up with it.
     */
    private void reclaimIdleEntries(StreamReadConnection reader) {
        suspectWaiting = false;
        if (isolated != null && !inFlightEntries.containsKey(isolated)) {
            isolated = null;
        }
        for (String stream : streams) {
            int room = Math.min(redis.batchSize(), inFlight.free());
            if (room == 0 || !active) {
                return;
            }
            List<PendingMessage> idle = bus.commands().sync().xpending(stream, XPendingArgs.Builder
                    .xpending(group, Range.create("-", "+"), Limit.from(room)).idle(redis.claimIdle()));
            Map<String, Long> deliveries = new HashMap<>();
            PendingMessage suspect = null;
            for (PendingMessage pending : idle) {
                if (pending.getRedeliveryCount() < 2 || pending.getRedeliveryCount() >= maxDeliveries) {
                    deliveries.put(pending.getId(), pending.getRedeliveryCount());
                }
                else if (suspect == null) {
                    suspect = pending;
                }
            }
            if (suspect != null) {
                if (isolated == null && inFlightEntries.isEmpty() && deliveries.isEmpty()) {
                    deliveries.put(suspect.getId(), suspect.getRedeliveryCount());
                    isolated = stream + "/" + suspect.getId();
                }
                else {
                    suspectWaiting = true;
                }
            }
            if (deliveries.isEmpty()) {
                continue;
            }
            List<StreamMessage<String, byte[]>> claimed = reader.sync().xclaim(stream, consumer,
                    XClaimArgs.Builder.minIdleTime(redis.claimIdle()), deliveries.keySet().toArray(String[]::new));
            // (Redis 7 drops entries trimmed away while pending from the PEL as it claims them)
            for (StreamMessage<String, byte[]> entry : claimed) {
                if (entry.getBody() == null || entry.getBody().isEmpty()) {
                    acknowledge(stream, entry.getId());
                    continue;
                }
                long delivered = deliveries.getOrDefault(entry.getId(), 0L);
                if (delivered >= maxDeliveries) {
                    ReadEntry exhausted = new ReadEntry(stream, entry.getId(), entry.getBody(), true);
                    if (take(exhausted)) {
                        deadLetter(exhausted, "max_deliveries_exceeded: delivered " + delivered
                                + " times, the limit janus.bus.max-deliveries is " + maxDeliveries, (int) delivered);
                    }
                    continue;
                }
                log.info("Group {} reclaimed entry {} of {} (delivered {} time(s)) from a consumer that went quiet",
                        group, entry.getId(), stream, delivered);
                dispatch(new StreamMessage<>(stream, entry.getId(), entry.getBody()), true);
            }
        }
        acks.flush();
    }

    /**
     * Waits up to one block interval for half of max-in-flight (or a batch) to be free, or with {@code none} for
     * nothing to be in flight (a suspect handled alone, or waiting to be).
     */
    private void waitForRoom(boolean none) {
        try {
            if (none) {
                inFlight.awaitNone(redis.block());
            }
            else {
                inFlight.awaitRoom(redis.block());
            }
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
        stopPolling();
        pipeline.awaitRunning(bus.properties().shutdownTimeout());
        try {
            acks.close();
        }
        catch (RuntimeException e) {
            log.warn("Group {} could not acknowledge its last entries; they will be redelivered", group);
        }
        bus.removed(this);
    }
}
