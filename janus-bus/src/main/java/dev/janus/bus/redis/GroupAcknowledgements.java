package dev.janus.bus.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;

/**
 * The acknowledgements of one consumer's settled entries, and the handled-markers that go with some of them, sent
 * together: a flush writes each marker, then one {@code XACK} per stream for every entry settled since the last flush,
 * in one write on a connection of their own. Markers precede the acknowledgements, so an entry whose
 * acknowledgement is lost is redelivered and skipped by its marker. Thread-safe: lanes add, and any thread flushes.
 */
final class GroupAcknowledgements {

    /** Settled entries that make a flush without waiting for a lane to run dry or the next read. */
    static final int FLUSH_AT = 256;

    private final BusConnection connection;
    private final String group;
    private final SetArgs markerExpiry;
    private final Queue<Settled> settled = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    /** @param connection a connection of the acknowledgements' own; its automatic flushing is turned off */
    GroupAcknowledgements(BusConnection connection, String group, SetArgs markerExpiry) {
        this.connection = connection;
        this.group = group;
        this.markerExpiry = markerExpiry;
        connection.setAutoFlushCommands(false);
    }

    /**
     * Queues the acknowledgement of entry {@code id} of {@code stream}, preceded by a marker at {@code marker} when
     * it is not null; flushes when {@value #FLUSH_AT} are queued.
     */
    void add(String stream, String id, @Nullable String marker) {
        settled.offer(new Settled(stream, id, marker));
        if (queued.incrementAndGet() >= FLUSH_AT) {
            flush();
        }
    }

    /** Sends what is queued. */
    void flush() {
        Map<String, List<String>> byStream = null;
        int taken = 0;
        for (Settled entry = settled.poll(); entry != null; entry = settled.poll()) {
            taken++;
            if (byStream == null) {
                byStream = new HashMap<>();
            }
            if (entry.marker() != null) {
                connection.async().set(entry.marker(), "1", markerExpiry);
            }
            byStream.computeIfAbsent(entry.stream(), stream -> new ArrayList<>()).add(entry.id());
        }
        if (byStream == null) {
            return;
        }
        queued.addAndGet(-taken);
        byStream.forEach((stream, ids) -> connection.async().xack(stream, group, ids.toArray(String[]::new)));
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

    private record Settled(String stream, String id, @Nullable String marker) {
    }
}
