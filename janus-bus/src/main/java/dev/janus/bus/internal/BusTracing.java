package dev.janus.bus.internal;

import dev.janus.events.JanusEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;

/**
 * A span per publish and per handling. The publisher's span context travels inside the event as a
 * W3C {@code traceparent}, so the handler's span, in whatever service, continues the same trace.
 */
public final class BusTracing {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("event.id");
    static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("stream.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event.type");
    static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlation.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<JanusEvent> FROM_EVENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(JanusEvent event) {
            return java.util.List.of("traceparent");
        }

        @Override
        public @Nullable String get(@Nullable JanusEvent event, String key) {
            return event != null && key.equals("traceparent") ? event.context().traceparent() : null;
        }
    };

    private static final Handling UNTRACED = new Handling() {
        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void close() {
        }
    };

    private final Tracer tracer;
    private final boolean enabled;

    public BusTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.janus.bus");
        this.enabled = openTelemetry != OpenTelemetry.noop();
    }

    /** Tracing that records nothing. */
    public static BusTracing noop() {
        return new BusTracing(OpenTelemetry.noop());
    }

    /** A publish in progress: the event to send carries the span's trace; end the span when done. */
    public record Publishing(JanusEvent event, Span span) {

        /** Ends the span, marking it failed when {@code error} is given. */
        public void end(@Nullable Throwable error) {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            span.end();
        }
    }

    /**
     * Starts the publish span and stamps the event with it. Its parent is the caller's current span;
     * but when the event answers another ({@link JanusEvent#reply}) it carries its cause's
     * {@code traceparent}, and that trace wins whenever the caller's span belongs to another trace or
     * there is none: work a handler hands to its own threads (a classifier pool, a join deadline
     * sweep) publishes without a current span, and must still continue the request's trace.
     */
    public Publishing publishing(JanusEvent event) {
        if (!enabled) {
            return new Publishing(event, Span.getInvalid());
        }
        Span span = tracer.spanBuilder("publish " + event.eventType().wireName())
                .setParent(parentOf(event))
                .setSpanKind(SpanKind.PRODUCER)
                .startSpan();
        SpanContext spanContext = span.getSpanContext();
        if (!spanContext.isValid()) {
            return new Publishing(event, span);
        }
        if (span.isRecording()) {
            annotate(span, event);
        }
        // the W3C header, written directly: the propagator's map round trip costs more than the span
        String traceparent = "00-" + spanContext.getTraceId() + "-" + spanContext.getSpanId() + "-"
                + spanContext.getTraceFlags().asHex();
        return new Publishing(event.withTrace(spanContext.getTraceId(), traceparent), span);
    }

    private static Context parentOf(JanusEvent event) {
        Context current = Context.current();
        if (event.context().traceparent() == null) {
            if (Span.fromContext(current).getSpanContext().isValid()) {
                return current;
            }
            // A flow that starts outside any span (a WebSocket frame, a timer, a test) keeps the trace id its
            // first event was created with: the span continues it under a remote parent that names no recorded
            // span, and is always sampled, since no caller made a sampling decision for it.
            SpanContext origin = SpanContext.createFromRemoteParent(event.traceId(), newSpanId(),
                    TraceFlags.getSampled(), TraceState.getDefault());
            return origin.isValid() ? Context.root().with(Span.wrap(origin)) : current;
        }
        SpanContext caller = Span.fromContext(current).getSpanContext();
        Context cause = PROPAGATOR.extract(Context.root(), event, FROM_EVENT);
        SpanContext causeSpan = Span.fromContext(cause).getSpanContext();
        if (!causeSpan.isValid() || (caller.isValid() && caller.getTraceId().equals(causeSpan.getTraceId()))) {
            return current;
        }
        return cause;
    }

    private static String newSpanId() {
        long id;
        do {
            id = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        }
        while (id == 0);
        return io.opentelemetry.api.trace.SpanId.fromLong(id);
    }

    /** A handling in progress; close it to end the span and leave its scope. */
    public interface Handling extends AutoCloseable {

        /** Marks the handling failed. */
        void failed(Throwable error);

        @Override
        void close();
    }

    /**
     * Starts the handling span as a child of the publisher's span carried in the event and makes it
     * current, so events published by the handler join the same trace.
     */
    public Handling handling(JanusEvent event, String group) {
        if (!enabled) {
            return UNTRACED;
        }
        Context parent = PROPAGATOR.extract(Context.root(), event, FROM_EVENT);
        Span span = tracer.spanBuilder("handle " + event.eventType().wireName())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .startSpan();
        if (span.isRecording()) {
            annotate(span, event);
            span.setAttribute(GROUP, group);
        }
        Scope scope = span.makeCurrent();
        return new Handling() {
            @Override
            public void failed(Throwable error) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }

            @Override
            public void close() {
                scope.close();
                span.end();
            }
        };
    }

    private static void annotate(Span span, JanusEvent event) {
        span.setAttribute(EVENT_ID, event.eventId());
        span.setAttribute(STREAM_ID, event.streamId());
        span.setAttribute(EVENT_TYPE, event.eventType().wireName());
        span.setAttribute(CORRELATION_ID, event.correlationId());
    }
}
