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
import dev.janus.bus.InvalidCursorException;
import dev.janus.bus.internal.PageBudget;
import dev.janus.events.Abbreviation;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.redis.BusConnection;
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

    /** The most index entries one page reads, however many of them it has to skip. */
    static final int MAX_SCAN = 10_000;
    /**
     * The most events a page fetches in one pipelined burst: what it holds before the page's budget
     * ({@link dev.janus.bus.EventHistory#MAX_PAGE_BYTES}) can stop it, at most this many events of 2 MiB.
     */
    static final int FETCH_BURST = 32;

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

    /**
     * The first {@code limit} events after {@code after}, or the newest {@code limit} without a cursor. Index entries
     * whose event is gone (trimmed from its type stream) or listed already are skipped and more are read in their
     * place, so a page is short only at the end of the conversation — or when {@value #MAX_SCAN} entries were read
     * for it, so the work stays bounded (the cursor then lets the next page carry on).
     */
    ConversationPage page(String streamId, @Nullable String after, int limit) {
        return after == null ? newestPage(streamId, limit) : pageAfter(streamId, after, limit);
    }

    private ConversationPage pageAfter(String streamId, String after, int limit) {
        if (isLargestEntryId(after)) {
            // nothing can follow it, and Redis refuses a range that starts after it
            return new ConversationPage(List.of(), after);
        }
        List<JanusEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        PageBudget budget = new PageBudget();
        String cursor = after;
        int scanned = 0;
        while (events.size() < limit && scanned < MAX_SCAN) {
            int chunk = Math.min(Math.min(limit, FETCH_BURST), MAX_SCAN - scanned);
            List<StreamMessage<String, String>> entries = commands.sync().xrange(key(streamId),
                    Range.from(Range.Boundary.excluding(cursor), Range.Boundary.unbounded()), Limit.from(chunk));
            List<@Nullable Fetched> found = fetch(entries, seen);
            for (int i = 0; i < entries.size() && events.size() < limit; i++) {
                Fetched fetched = found.get(i);
                if (fetched != null) {
                    if (!budget.admits(fetched.bytes())) {
                        return new ConversationPage(events, cursor);
                    }
                    events.add(fetched.event());
                }
                cursor = entries.get(i).getId();
            }
            scanned += entries.size();
            if (entries.size() < chunk) {
                break;
            }
        }
        return new ConversationPage(events, cursor);
    }

    /**
     * Whether {@code cursor}, an entry id ({@code <ms>-<seq>}, or {@code <ms>} alone) checked here so Redis never
     * refuses it, is the largest entry id there is.
     *
     * @throws InvalidCursorException when it is not an entry id, or a part is past an unsigned 64-bit number
     */
    static boolean isLargestEntryId(String cursor) {
        int dash = cursor.indexOf('-');
        long millis = entryIdPart(cursor, dash < 0 ? cursor : cursor.substring(0, dash));
        long sequence = dash < 0 ? 0 : entryIdPart(cursor, cursor.substring(dash + 1));
        return dash >= 0 && millis == -1L && sequence == -1L; // -1: the largest unsigned 64-bit number
    }

    private static long entryIdPart(String cursor, String part) {
        if (!part.isEmpty() && part.length() <= 20 && part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseUnsignedLong(part);
            }
            catch (NumberFormatException tooLarge) {
                // refused below
            }
        }
        throw new InvalidCursorException("a cursor of the Redis bus is an entry id from an earlier page (<ms>-<seq>, "
                + "each 0..18446744073709551615), but was '" + Abbreviation.abbreviate(cursor, 50) + "'");
    }

    private ConversationPage newestPage(String streamId, int limit) {
        List<JanusEvent> newestFirst = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        PageBudget budget = new PageBudget();
        @Nullable String newest = null;
        String before = "+";
        int scanned = 0;
        reading:
        while (newestFirst.size() < limit && scanned < MAX_SCAN) {
            // one more than a burst: the entry at the bound, read again, is dropped
            int chunk = Math.min(Math.min(limit, FETCH_BURST) + 1, MAX_SCAN - scanned);
            List<StreamMessage<String, String>> entries = new ArrayList<>(commands.sync().xrevrange(key(streamId),
                    Range.create("-", before), Limit.from(chunk)));
            int read = entries.size();
            String last = read == 0 ? before : entries.get(read - 1).getId();
            String bound = before;
            entries.removeIf(entry -> entry.getId().equals(bound));
            if (newest == null && !entries.isEmpty()) {
                newest = entries.get(0).getId();
            }
            for (Fetched fetched : fetch(entries, seen)) {
                if (fetched != null && newestFirst.size() < limit) {
                    if (!budget.admits(fetched.bytes())) {
                        break reading;
                    }
                    newestFirst.add(fetched.event());
                }
            }
            scanned += read;
            if (read < chunk) {
                break;
            }
            before = last;
        }
        Collections.reverse(newestFirst);
        return new ConversationPage(newestFirst, newest);
    }

    /**
     * Up to {@code limit} of the newest events of types that {@code type} accepts, oldest first, as many as fit
     * {@code maxBytes} of JSON: the index is read backwards in chunks and only matching entries are fetched, newest
     * first in bursts of {@value #FETCH_BURST} (all at once without a budget).
     */
    List<JanusEvent> newest(String streamId, Predicate<String> type, int limit, long maxScan, long maxBytes) {
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
        List<JanusEvent> newestFirst = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        PageBudget budget = new PageBudget(maxBytes);
        // without a budget in one pipelined burst, as nothing can stop the read early
        int burst = budget.unlimited() ? Math.max(1, matching.size()) : FETCH_BURST;
        fetching:
        for (int from = 0; from < matching.size(); from += burst) {
            for (Fetched fetched : fetch(matching.subList(from, Math.min(matching.size(), from + burst)), seen)) {
                if (fetched != null) {
                    if (!budget.admits(fetched.bytes())) {
                        break fetching;
                    }
                    newestFirst.add(fetched.event());
                }
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Every entry of the conversation, oldest first (for erasure). */
    List<StreamMessage<String, String>> all(String streamId) {
        return commands.sync().xrange(key(streamId), Range.create("-", "+"));
    }

    /** An event as read, with the length of its JSON. */
    private record Fetched(JanusEvent event, int bytes) {
    }

    /**
     * For each entry, in order, the event it points at, fetched in one pipelined burst; {@code null} for an entry
     * whose event is gone, cannot be read, or whose event id is in {@code seen} (which it adds to).
     */
    private List<@Nullable Fetched> fetch(List<StreamMessage<String, String>> entries, Set<String> seen) {
        List<@Nullable RedisFuture<List<StreamMessage<String, String>>>> reads = new ArrayList<>(entries.size());
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
        List<@Nullable Fetched> events = new ArrayList<>(entries.size());
        for (RedisFuture<List<StreamMessage<String, String>>> read : reads) {
            events.add(read == null ? null : decodeFirst(await(read)));
        }
        return events;
    }

    private @Nullable Fetched decodeFirst(List<StreamMessage<String, String>> found) {
        if (found.isEmpty()) {
            // trimmed from its type stream since it was indexed
            return null;
        }
        String json = found.get(0).getBody().get(StreamKeys.EVENT_FIELD);
        try {
            return json == null ? null : new Fetched(codec.decode(json), json.length());
        }
        catch (InvalidEventException e) {
            // not an event this build can read; its consumers dead-letter it
            return null;
        }
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
