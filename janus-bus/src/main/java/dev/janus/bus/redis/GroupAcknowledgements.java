package dev.janus.bus.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.redis.BusConnection;
import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one consumer's settled entries, and the handled-markers that go with some of them, sent
 * together: a flush writes the markers asked for, then one {@code XACK} per stream for every entry settled since the
 * last flush, in one write on a connection of their own. Markers precede the acknowledgements, so an entry whose
 * acknowledgement is lost is redelivered and skipped by its marker; and when Redis refuses an {@code XACK}, the
 * markers of its entries are written then, so they too are skipped when another consumer reclaims them.
 * Thread-safe: lanes add, and any thread flushes.
 */
final class GroupAcknowledgements {

    private static final Logger log = LoggerFactory.getLogger(GroupAcknowledgements.class);

    /** Settled entries that make a flush without waiting for a lane to run dry or the next read. */
    static final int FLUSH_AT = 256;

    private static final int QUEUES = 4;

    private final BusConnection connection;
    private final String group;
    private final SetArgs markerExpiry;
    /**
     * Queues picked by the adding thread: the lanes of a busy consumer all add at once, and one queue's tail was a
     * contended compare-and-set (5 % of a lane's CPU).
     */
    private final Queue<Settled>[] settled = newQueues(QUEUES);
    private final AtomicInteger queued = new AtomicInteger();

    /** @param connection a connection of the acknowledgements' own; its automatic flushing is turned off */
    GroupAcknowledgements(BusConnection connection, String group, SetArgs markerExpiry) {
        this.connection = connection;
        this.group = group;
        this.markerExpiry = markerExpiry;
        connection.setAutoFlushCommands(false);
    }

    /**
     * Queues the acknowledgement of entry {@code id} of {@code stream}; its handled-marker is that of
     * {@code handledEventId} (null when it has none: the event was not handled), built only when it is written:
     * before the acknowledgement when {@code markNow}, and only
     * should the acknowledgement fail otherwise. Flushes when {@value #FLUSH_AT} are queued.
     */
    void add(String stream, String id, @Nullable String handledEventId, boolean markNow) {
        settled[(int) (Thread.currentThread().getId() % QUEUES)].offer(new Settled(stream, id, handledEventId,
                markNow));
        if (queued.incrementAndGet() >= FLUSH_AT) {
            flush();
        }
    }

    /** Sends what is queued. */
    void flush() {
        Map<String, List<Settled>> byStream = null;
        int taken = 0;
        for (Queue<Settled> queue : settled) {
            for (Settled entry = queue.poll(); entry != null; entry = queue.poll()) {
                taken++;
                if (byStream == null) {
                    byStream = new HashMap<>();
                }
                if (entry.markNow()) {
                    mark(entry);
                }
                byStream.computeIfAbsent(entry.stream(), stream -> new ArrayList<>()).add(entry);
            }
        }
        if (byStream == null) {
            return;
        }
        queued.addAndGet(-taken);
        byStream.forEach((stream, entries) -> connection.async()
                .xack(stream, group, entries.stream().map(Settled::id).toArray(String[]::new))
                .whenComplete((acknowledged, failure) -> {
                    if (failure != null) {
                        markUnacknowledged(stream, entries, failure);
                    }
                }));
        connection.flushCommands();
    }

    /** After a refused {@code XACK}: the entries stay pending, so their markers must keep them from running again. */
    private void markUnacknowledged(String stream, List<Settled> entries, Throwable failure) {
        log.warn("Group {} could not acknowledge {} entries of {} ({}); they stay pending, and their handled-markers "
                + "keep them from being handled again when redelivered", group, entries.size(), stream,
                failure.toString());
        for (Settled entry : entries) {
            if (!entry.markNow()) {
                mark(entry);
            }
        }
        connection.flushCommands();
    }

    /** Sends what is queued and closes the connection. */
    void close() {
        try {
            flush();
        }
        finally {
            connection.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Queue<Settled>[] newQueues(int count) {
        Queue<Settled>[] queues = new Queue[count];
        for (int i = 0; i < count; i++) {
            queues[i] = new ConcurrentLinkedQueue<>();
        }
        return queues;
    }

    private void mark(Settled entry) {
        String eventId = entry.handledEventId();
        if (eventId != null) {
            connection.async().set(StreamKeys.handled(group, eventId), "1", markerExpiry);
        }
    }

    private record Settled(String stream, String id, @Nullable String handledEventId, boolean markNow) {
    }
}
