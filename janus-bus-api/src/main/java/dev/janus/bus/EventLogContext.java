package dev.janus.bus;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The event a handler works on, in the logging MDC for as long as the handler runs: {@code stream_id},
 * {@code correlation_id}, {@code event_id} and {@code trace_id}, so every line the handler logs (plain or
 * structured JSON) says which conversation, request flow and trace it belongs to. Restores what the thread had.
 */
public final class EventLogContext implements AutoCloseable {

    /** The MDC keys, as request and handler logs both name them. */
    public static final String STREAM_ID = "stream_id";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String EVENT_ID = "event_id";
    public static final String TRACE_ID = "trace_id";

    private final @Nullable String[] previous = new String[4];

    private EventLogContext(JanusEvent event) {
        previous[0] = swap(STREAM_ID, event.streamId());
        previous[1] = swap(CORRELATION_ID, event.correlationId());
        previous[2] = swap(EVENT_ID, event.eventId());
        previous[3] = swap(TRACE_ID, event.traceId());
    }

    /** Puts the event's ids in the MDC until {@link #close()}. */
    public static EventLogContext of(JanusEvent event) {
        return new EventLogContext(event);
    }

    @Override
    public void close() {
        restore(STREAM_ID, previous[0]);
        restore(CORRELATION_ID, previous[1]);
        restore(EVENT_ID, previous[2]);
        restore(TRACE_ID, previous[3]);
    }

    private static @Nullable String swap(String key, String value) {
        String before = MDC.get(key);
        MDC.put(key, value);
        return before;
    }

    private static void restore(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        }
        else {
            MDC.put(key, value);
        }
    }
}
