package dev.janus.bus.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.janus.bus.EventHistory.ConversationPage;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import org.jspecify.annotations.Nullable;

/**
 * Each conversation's events, listed as they are published: the stream {@code janus:conversation:{<stream_id>}},
 * one entry per event with its type ({@code t}), its entry id in the type stream ({@code i}) and its event id
 * ({@code e}). A conversation is read through it — only its own entries are fetched and decoded — and its entry
 * ids are the cursors of conversation pages. Entries whose event was trimmed from its type stream are skipped; an
 * event published twice is listed once.
 */
public final class ConversationIndex {

    /** An index entry's field holding the event's type. */
    public static final String TYPE_FIELD = "t";
    /** An index entry's field holding the event's entry id in its type's stream {@code janus:<type>}. */
    public static final String ENTRY_FIELD = "i";
    /** An index entry's field holding the event's id. */
    public static final String EVENT_ID_FIELD = "e";

    private final BusConnection commands;
    private final EventCodec codec;
    private final long timeoutMillis;

    ConversationIndex(BusConnection commands, EventCodec codec, long timeoutMillis) {
        this.commands = commands;
        this.codec = codec;
        this.timeoutMillis = timeoutMillis;
    }

    /** The index key of a conversation, hash-tagged by it so a cluster keeps it in one slot. */
    public static String key(String streamId) {
        return "janus:conversation:{" + streamId + "}";
    }

    /** The first {@code limit} events after {@code after}, or the newest {@code limit} without a cursor. */
    ConversationPage page(String streamId, @Nullable String after, int limit) {
        List<StreamMessage<String, String>> entries = after == null
                ? newestFirst(commands.sync().xrevrange(key(streamId), Range.create("-", "+"), Limit.from(limit)))
                : commands.sync().xrange(key(streamId), Range.from(Range.Boundary.excluding(after),
                        Range.Boundary.unbounded()), Limit.from(limit));
        String next = entries.isEmpty() ? after : entries.get(entries.size() - 1).getId();
        return new ConversationPage(fetch(entries), next);
    }

    /**
     * Up to {@code limit} of the newest events of types that {@code type} accepts, oldest first: the index is read
     * backwards in chunks and only matching entries are fetched.
     */
    List<JanusEvent> newest(String streamId, Predicate<String> type, int limit, long maxScan) {
        List<StreamMessage<String, String>> matching = new ArrayList<>();
        String before = "+";
        long scanned = 0;
        int chunk = Math.max(100, limit * 4);
        while (matching.size() < limit && scanned < maxScan) {
            List<StreamMessage<String, String>> entries = commands.sync().xrevrange(key(streamId),
                    Range.create("-", before), Limit.from(chunk));
            for (StreamMessage<String, String> entry : entries) {
                if (!entry.getId().equals(before) && type.test(entry.getBody().get(TYPE_FIELD))
                        && matching.size() < limit) {
                    matching.add(entry);
                }
            }
            scanned += entries.size();
            if (entries.size() < chunk) {
                break;
            }
            before = entries.get(entries.size() - 1).getId();
        }
        return fetch(newestFirst(matching));
    }

    /** Every entry of the conversation, oldest first (for erasure). */
    List<StreamMessage<String, String>> all(String streamId) {
        return commands.sync().xrange(key(streamId), Range.create("-", "+"));
    }

    private static List<StreamMessage<String, String>> newestFirst(List<StreamMessage<String, String>> entries) {
        List<StreamMessage<String, String>> oldestFirst = new ArrayList<>(entries);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The events the entries point at, fetched in one pipelined burst, in the entries' order. */
    private List<JanusEvent> fetch(List<StreamMessage<String, String>> entries) {
        List<RedisFuture<List<StreamMessage<String, String>>>> reads = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (StreamMessage<String, String> entry : entries) {
            Map<String, String> fields = entry.getBody();
            String id = fields.get(ENTRY_FIELD);
            String type = fields.get(TYPE_FIELD);
            if (id == null || type == null || !seen.add(String.valueOf(fields.get(EVENT_ID_FIELD)))) {
                reads.add(null);
                continue;
            }
            reads.add(commands.async().xrange(StreamKeys.stream(type), Range.create(id, id)));
        }
        List<JanusEvent> events = new ArrayList<>();
        for (RedisFuture<List<StreamMessage<String, String>>> read : reads) {
            if (read == null) {
                continue;
            }
            List<StreamMessage<String, String>> found = await(read);
            if (found.isEmpty()) {
                // trimmed from its type stream since it was indexed
                continue;
            }
            String json = found.get(0).getBody().get(StreamKeys.EVENT_FIELD);
            try {
                if (json != null) {
                    events.add(codec.decode(json));
                }
            }
            catch (InvalidEventException e) {
                // not an event this build can read; its consumers dead-letter it
            }
        }
        return events;
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return ((CompletableFuture<T>) future.toCompletableFuture()).get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a conversation", e);
        }
        catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read a conversation from Redis: " + e.getMessage(), e);
        }
    }
}
