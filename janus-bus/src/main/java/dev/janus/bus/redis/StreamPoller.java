package dev.janus.bus.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventPattern;
import dev.janus.redis.StreamReadConnection;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side both kinds of Redis subscription share: a daemon thread with a connection of its own that
 * reads the streams a pattern covers until cancelled, finds types that appear later, waits out a lost Redis and
 * says when it reads again. The connection hands entry values over as bytes, so an event's JSON goes to the codec
 * without a {@code String} in between. Subclasses say how one round of reading goes (a consumer group's
 * {@code XREADGROUP}, or a broadcast's plain {@code XREAD}).
 */
abstract class StreamPoller implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StreamPoller.class);
    private static final long RECONNECT_WAIT_MILLIS = 500;

    final RedisEventBus bus;
    final EventPattern pattern;
    final String name;
    final BusProperties.Redis redis;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    volatile Set<String> streams = Set.of();
    volatile boolean active = true;
    private volatile long lastRead = System.nanoTime();
    private long nextDiscovery;
    private boolean connectionLost;
    /** Whether the groups Redis lost are being created again (said once, until a read succeeds). */
    private boolean recreatingGroups;
    private Set<String> readsFor = Set.of();
    private List<StreamOffset<String>[]> reads = List.of();

    StreamPoller(RedisEventBus bus, EventPattern pattern, String name) {
        this.bus = bus;
        this.pattern = pattern;
        this.name = name;
        this.redis = bus.properties().redis();
        this.thread = new Thread(this, "janus-redis-" + name + "-" + pattern.value());
        this.thread.setDaemon(true);
    }

    /** Starts reading on the poller's thread. */
    void startPolling() {
        thread.start();
    }

    /** One round: reads a batch (blocking at most about {@code janus.bus.redis.block}) and hands it on. */
    abstract void pollOnce(StreamReadConnection reader);

    /** Redis answered NOGROUP: it lost its data (restarted without persistence); recreate what this needs. */
    void recover() {
    }

    /** Streams found by discovery for the first time; the subscription prepares reading them. */
    abstract void discovered(Set<String> added);

    /**
     * Reads until cancelled. Its connection is opened in the loop, so a Redis out of reach when the subscription
     * starts is waited out as one lost later is.
     */
    @Override
    public void run() {
        @Nullable StreamReadConnection reader = null;
        try {
            while (active) {
                try {
                    if (reader == null) {
                        reader = bus.connector().connectForStreamReads();
                        if (!active) {
                            break; // stopped while connecting
                        }
                    }
                    long now = System.nanoTime();
                    if (now >= nextDiscovery) {
                        discover();
                        nextDiscovery = now + redis.discoveryInterval().toNanos();
                    }
                    pollOnce(reader);
                    readNow();
                    recreatingGroups = false;
                    if (connectionLost) {
                        log.info("{} ({}) reading from Redis again", name, pattern);
                        connectionLost = false;
                    }
                }
                catch (RedisCommandExecutionException e) {
                    if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                        recoverGroups();
                    }
                    else {
                        log.warn("{} read failed: {}", name, e.getMessage());
                        pause();
                    }
                }
                catch (RuntimeException e) {
                    if (e instanceof RedisCommandTimeoutException) {
                        // a read that got no answer in time may still be outstanding: its connection is not used again
                        reader = closed(reader);
                    }
                    if (!active) {
                        break;
                    }
                    lost(e);
                }
            }
        }
        finally {
            closed(reader);
            stopped.countDown();
        }
    }

    /** Closes a reader that is not to be used again; the next round opens a new one. */
    private @Nullable StreamReadConnection closed(@Nullable StreamReadConnection reader) {
        if (reader != null) {
            try {
                reader.close();
            }
            catch (RuntimeException e) {
                log.debug("{} could not close its Redis connection: {}", name, e.toString());
            }
        }
        return null;
    }

    /**
     * Creates the groups Redis lost again. Its commands go on the bus's shared connection, which may not be back yet
     * when this reader's is (each reconnects on its own), or Redis may refuse them: then it waits and the next round
     * finds the groups missing again, so the reader keeps trying rather than dying.
     */
    private void recoverGroups() {
        if (!recreatingGroups) {
            log.warn("Redis lost the groups of {} (restarted without persistence?); recreating them", name);
            recreatingGroups = true;
        }
        try {
            recover();
        }
        catch (RuntimeException e) {
            lost(e);
        }
    }

    /** Notes the first failure of an outage (Redis gone, or refusing), and waits before the next try. */
    private void lost(RuntimeException failure) {
        if (!connectionLost) {
            log.warn("{} cannot read from Redis ({}); retrying", name, failure.toString());
            connectionLost = true;
        }
        pause();
    }

    /** Notes a read that succeeded, for health: the poller's own, or one it left to the client's I/O thread. */
    final void readNow() {
        lastRead = System.nanoTime();
    }

    /** When discovery is due next: reads left to the client's I/O thread come back to the poller by then. */
    final long nextDiscovery() {
        return nextDiscovery;
    }

    /** Adds the streams of types that appeared since the last look. */
    final void discover() {
        Set<String> found = bus.streamsMatching(pattern);
        Set<String> known = streams;
        if (known.containsAll(found)) {
            return;
        }
        Set<String> added = new LinkedHashSet<>(found);
        added.removeAll(known);
        discovered(added);
        Set<String> merged = new LinkedHashSet<>(known);
        merged.addAll(added);
        streams = Set.copyOf(merged);
    }

    /**
     * The read offsets of the subscription's streams: all in one read on a single Redis, one read per hash slot on
     * a cluster (which answers a read of several streams only when they share a slot). Recomputed when the set of
     * streams changed, or every time when {@code offsetOf} moves (a broadcast's cursors).
     */
    @SuppressWarnings("unchecked")
    final List<StreamOffset<String>[]> readsPerSlot(Function<String, StreamOffset<String>> offsetOf, boolean cache) {
        Set<String> current = streams;
        if (cache && current == readsFor) {
            return reads;
        }
        Map<Integer, List<StreamOffset<String>>> bySlot = new TreeMap<>();
        for (String stream : current) {
            int slot = bus.connector().cluster() ? SlotHash.getSlot(stream) : 0;
            bySlot.computeIfAbsent(slot, key -> new ArrayList<>()).add(offsetOf.apply(stream));
        }
        List<StreamOffset<String>[]> computed = bySlot.values().stream()
                .map(offsets -> (StreamOffset<String>[]) offsets.toArray(StreamOffset[]::new)).toList();
        if (cache) {
            reads = computed;
            readsFor = current;
        }
        return computed;
    }

    /** Waits a moment before trying again, unless the subscription is stopped meanwhile. */
    final void pause() {
        try {
            stopped.await(RECONNECT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active = false;
        }
    }

    /** Stops reading and waits for the poller to leave its last read. */
    final void stopPolling() {
        active = false;
        try {
            stopped.await(redis.block().toMillis() + redis.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the poller read from Redis within {@code window}: how health tells a live subscription. */
    final boolean readWithin(long windowNanos) {
        return active && System.nanoTime() - lastRead <= windowNanos;
    }

    /** The streams it reads, for lag metrics. */
    final Set<String> streams() {
        return streams;
    }
}
