package dev.janus.bus.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

import dev.janus.bus.internal.PageBudget;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisStreamCommands;

/**
 * The newest events of several type streams together, up to a count and a budget of JSON: each stream is read
 * newest first in bursts of at most {@value #BURST} entries, and the newest entry of all is taken next, so what is
 * held at once is the answer and a burst per stream, however long the streams are. Entries are ordered by their ids
 * (the time Redis added them); the answer is sorted by the events' own times, oldest first.
 */
final class NewestAcrossStreams {

    static final int BURST = 256;

    private final RedisStreamCommands<String, String> commands;
    private final EventCodec codec;

    NewestAcrossStreams(RedisStreamCommands<String, String> commands, EventCodec codec) {
        this.commands = commands;
        this.codec = codec;
    }

    List<JanusEvent> read(Collection<String> streams, int limit, PageBudget budget) {
        List<JanusEvent> found = new ArrayList<>();
        if (limit <= 0) {
            return found;
        }
        int burst = Math.min(limit, BURST);
        PriorityQueue<Reader> newest = new PriorityQueue<>(Comparator.comparing(Reader::head, ENTRY_IDS).reversed());
        for (String stream : streams) {
            Reader reader = new Reader(stream, burst);
            if (reader.hasHead()) {
                newest.add(reader);
            }
        }
        while (found.size() < limit && !newest.isEmpty()) {
            Reader reader = newest.poll();
            String json = reader.take().getBody().get(StreamKeys.EVENT_FIELD);
            if (json != null) {
                if (!budget.admits(json.length())) {
                    break;
                }
                try {
                    found.add(codec.decode(json));
                }
                catch (InvalidEventException e) {
                    // not an event this build can read; the consumers dead-letter it
                }
            }
            if (reader.hasHead()) {
                newest.add(reader);
            }
        }
        found.sort(Comparator.comparing(JanusEvent::timestamp));
        return found;
    }

    /** Compares entry ids ({@code <ms>-<seq>}) as Redis orders them. */
    private static final Comparator<String> ENTRY_IDS = Comparator
            .comparing((String id) -> Long.parseUnsignedLong(id.substring(0, id.indexOf('-'))), Long::compareUnsigned)
            .thenComparing(id -> Long.parseUnsignedLong(id.substring(id.indexOf('-') + 1)), Long::compareUnsigned);

    /** One stream read newest first, a burst at a time. */
    private final class Reader {

        private final String stream;
        private final int burst;
        private final Deque<StreamMessage<String, String>> buffered = new ArrayDeque<>();
        private String before = "+";
        private boolean exhausted;

        Reader(String stream, int burst) {
            this.stream = stream;
            this.burst = burst;
        }

        boolean hasHead() {
            if (buffered.isEmpty() && !exhausted) {
                Range.Boundary<String> upper = before.equals("+") ? Range.Boundary.unbounded()
                        : Range.Boundary.excluding(before);
                List<StreamMessage<String, String>> entries = commands.xrevrange(stream,
                        Range.from(Range.Boundary.unbounded(), upper), Limit.from(burst));
                buffered.addAll(entries);
                exhausted = entries.size() < burst;
                if (!entries.isEmpty()) {
                    before = entries.get(entries.size() - 1).getId();
                }
            }
            return !buffered.isEmpty();
        }

        String head() {
            StreamMessage<String, String> head = buffered.peekFirst();
            return head == null ? "0-0" : head.getId();
        }

        StreamMessage<String, String> take() {
            return buffered.removeFirst();
        }
    }
}
