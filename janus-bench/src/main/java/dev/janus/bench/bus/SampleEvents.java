package dev.janus.bench.bus;

import java.util.Map;

import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;

/**
 * The event every bus benchmark sends: an {@code input.message.received} chat message whose JSON, once the bus has
 * stamped it with a {@code traceparent} (in a sampled flow), is {@value #WIRE_BYTES} bytes — ~55 fewer in the flows
 * it does not sample, which carry none —, spread round robin over a number of conversations (stream ids).
 */
public final class SampleEvents {

    /** The size of one event's JSON on the wire, with a sampled flow's trace context in it. */
    public static final int WIRE_BYTES = 500;

    private static final EventContext CONTEXT = new EventContext("bench", "user-1", "chat", null, Map.of());
    private static final String SAMPLE_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String WORDS = "Could you summarise what we decided about the release plan yesterday, "
            + "and remind me which of the open tickets still block the migration? ";

    private final String text;
    private final int streams;
    private int next;

    /** Events over {@code streams} conversations. */
    public SampleEvents(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be 1 or more, but was " + streams);
        }
        this.streams = streams;
        this.text = textFor(WIRE_BYTES);
    }

    /** A new event (fresh id) on the next conversation. */
    public JanusEvent next() {
        String streamId = "bench-" + (next++ % streams);
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, streamId, new TextContent(text), CONTEXT);
    }

    /** {@code count} new events. */
    public JanusEvent[] next(int count) {
        JanusEvent[] events = new JanusEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = next();
        }
        return events;
    }

    /** The JSON size of an event as created, before the bus adds its trace context. */
    public int createdBytes() {
        return new EventCodec().encode(next()).length;
    }

    /** The JSON size of an event as the bus sends it in a sampled flow, with a {@code traceparent}. */
    public int wireBytes() {
        return wireSize(next());
    }

    private static String textFor(int wireBytes) {
        JanusEvent probe = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "bench-0", new TextContent("x"), CONTEXT);
        int overhead = wireSize(probe) - 1;
        int length = Math.max(1, wireBytes - overhead);
        String text = WORDS.repeat(length / WORDS.length() + 1).substring(0, length);
        return text.endsWith(" ") ? text.substring(0, length - 1) + "." : text;
    }

    private static int wireSize(JanusEvent event) {
        return new EventCodec().encode(asSent(event)).length;
    }

    /** The event as the bus sends it in a sampled flow, with a {@code traceparent}. */
    private static JanusEvent asSent(JanusEvent event) {
        return event.withTrace(event.traceId(), SAMPLE_TRACEPARENT);
    }
}
