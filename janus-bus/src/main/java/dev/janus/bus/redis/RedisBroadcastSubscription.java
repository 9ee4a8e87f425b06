package dev.janus.bus.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.bus.internal.Delivery;
import dev.janus.bus.internal.DeliveryPipeline;
import dev.janus.bus.internal.RecentEventIds;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.redis.StreamReadConnection;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node-local fan-out: this instance sees every matching event published after it subscribed, with plain
 * {@code XREAD} from each stream's end and a cursor per stream kept in memory — no consumer group, no pending
 * entries, no handled-markers, no acknowledgements, no dead letters. An instance that dies leaves nothing behind in
 * Redis. A handler that fails after its retries is logged and the event dropped: what it does (push to a socket
 * this node holds) has nobody else to do it.
 */
final class RedisBroadcastSubscription extends StreamPoller implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(RedisBroadcastSubscription.class);

    private final String component;
    private final DeliveryPipeline pipeline;
    private final Semaphore inFlight;
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private int blockingRead;

    RedisBroadcastSubscription(RedisEventBus bus, EventPattern pattern, String component, EventHandler handler) {
        super(bus, pattern, "broadcast " + component);
        this.component = component;
        this.inFlight = new Semaphore(bus.properties().maxInFlight());
        String name = component + "@" + bus.properties().consumerName();
        this.pipeline = new DeliveryPipeline("janus-" + name, name, handler, bus.properties(), null,
                bus.breakerOf(name), new RecentEventIds(0), delivery -> false, bus.metrics(),
                bus.tracing(), this::dropped, bus.scheduler(), () -> { }, bus.erasedUsers(),
                bus::outageOngoing);
    }

    void start() {
        try {
            discover();
        }
        catch (RuntimeException e) {
            log.warn("Broadcast {} could not look at Redis yet ({}); will keep trying", component, e.toString());
        }
        startPolling();
    }

    /** A stream known at the start is read from its end; one that appears later, from its beginning. */
    @Override
    void discovered(Set<String> added) {
        boolean starting = streams.isEmpty();
        for (String stream : added) {
            cursors.put(stream, starting ? lastId(stream) : "0-0");
        }
    }

    private String lastId(String stream) {
        List<StreamMessage<String, String>> last = bus.commands().sync().xrevrange(stream, Range.create("-", "+"),
                Limit.from(1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }

    @Override
    void pollOnce(StreamReadConnection reader) {
        int room = Math.min(redis.batchSize(), inFlight.availablePermits());
        if (room == 0) {
            waitForRoom();
            return;
        }
        List<StreamOffset<String>[]> reads = readsPerSlot(
                stream -> StreamOffset.from(stream, cursors.getOrDefault(stream, "0-0")), false);
        if (reads.isEmpty()) {
            pause();
            return;
        }
        if (reads.size() == 1) {
            dispatchAll(reader.sync().xread(XReadArgs.Builder.count(room).block(redis.block()), reads.get(0)));
            return;
        }
        int read = 0;
        for (StreamOffset<String>[] offsets : reads) {
            read += dispatchAll(reader.sync().xread(XReadArgs.Builder.count(Math.max(1, room - read)), offsets));
        }
        if (read == 0) {
            StreamOffset<String>[] waitOn = reads.get(Math.floorMod(blockingRead++, reads.size()));
            long blockMillis = Math.max(1, redis.block().toMillis() / reads.size());
            dispatchAll(reader.sync().xread(XReadArgs.Builder.count(room).block(blockMillis), waitOn));
        }
    }

    private int dispatchAll(List<StreamMessage<String, byte[]>> entries) {
        for (StreamMessage<String, byte[]> entry : entries) {
            cursors.put(entry.getStream(), entry.getId());
            byte[] json = entry.getBody() == null ? null : entry.getBody().get(StreamKeys.EVENT_FIELD);
            if (json == null || entry.getBody().containsKey(StreamKeys.REPLAY_GROUP_FIELD)) {
                // not an event, or a dead letter replayed to one consumer group
                continue;
            }
            JanusEvent event;
            try {
                event = bus.codec().decode(json);
            }
            catch (InvalidEventException e) {
                log.debug("Broadcast {} skips entry {} of {}: {}", component, entry.getId(), entry.getStream(),
                        e.getMessage());
                continue;
            }
            inFlight.acquireUninterruptibly();
            pipeline.submit(new Delivery(event, entry.getStream(), entry.getId(), false,
                    (delivery, outcome) -> inFlight.release()));
        }
        return entries.size();
    }

    private CompletableFuture<Void> dropped(DeadLetter letter) {
        log.warn("Broadcast {} dropped event {} ({}) after {} attempt(s): {}", component, letter.eventId(),
                letter.eventType(), letter.attempts(), letter.error());
        return CompletableFuture.completedFuture(null);
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

    @Override
    public String pattern() {
        return pattern.value();
    }

    @Override
    public String group() {
        return component + "@" + bus.properties().consumerName();
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
        pipeline.stopStarting();
        stopPolling();
        pipeline.awaitRunning(bus.properties().shutdownTimeout());
        bus.removed(this);
    }
}
