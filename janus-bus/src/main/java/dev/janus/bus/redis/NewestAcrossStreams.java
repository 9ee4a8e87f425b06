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
 * newest first in bursts, the first of {@value #FIRST_BURST} entries and each next one twice as long up to
 * {@value #BURST} (the entries of a video stream may weigh a megabyte each), and the newest entry of all is taken
 * next, so what is held at once is the answer and a burst per stream, however long the streams are. Entries are
 * ordered by their ids (the time Redis added them); the answer is sorted by the events' own times, oldest first.
 */
final class NewestAcrossStreams {

    static final int FIRST_BURST = 16;
    static final int BURST = 256;

    /** Compares entry ids ({@code <ms>-<seq>}) as Redis orders them. */
    private static final Comparator<String> ENTRY_IDS = Comparator
            .comparing((String id) -> Long.parseUnsignedLong(id.substring(0, id.indexOf('-'))), Long::compareUnsigned)
            .thenComparing(id -> Long.parseUnsignedLong(id.substring(id.indexOf('-') + 1)), Long::compareUnsigned);

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
        PriorityQueue<Reader> newest = new PriorityQueue<>(Comparator.comparing(Reader::head, ENTRY_IDS).reversed());
        for (String stream : streams) {
            Reader reader = new Reader(stream, limit);
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

    /** One stream read newest first, a burst at a time. */
    private final class Reader {

        private final String stream;
        private final int limit;
        private final Deque<StreamMessage<String, String>> buffered = new ArrayDeque<>();
        private int burst = FIRST_BURST;
        private String before = "+";
        private boolean exhausted;

        Reader(String stream, int limit) {
            this.stream = stream;
            this.limit = limit;
        }

        boolean hasHead() {
            if (buffered.isEmpty() && !exhausted) {
                Range.Boundary<String> upper = before.equals("+") ? Range.Boundary.unbounded()
                        : Range.Boundary.excluding(before);
                int count = Math.min(burst, limit);
                List<StreamMessage<String, String>> entries = commands.xrevrange(stream,
                        Range.from(Range.Boundary.unbounded(), upper), Limit.from(count));
                buffered.addAll(entries);
                exhausted = entries.size() < count;
                burst = Math.min(2 * burst, BURST);
                if (!entries.isEmpty()) {
                    before = entries.get(entries.size() - 1).getId();
                }
            }
            return !buffered.isEmpty();
        }

        /** The id of the newest entry not yet taken; only while {@link #hasHead()}. */
        String head() {
            return buffered.getFirst().getId();
        }

        StreamMessage<String, String> take() {
            return buffered.removeFirst();
        }
    }
}
