package dev.janus.bus.internal;

import java.util.EnumMap;
import java.util.Map;

import dev.janus.events.EventType;
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
 *
 * <p>Sampling is parent-based: a flow that begins outside any span (a REST request without one, a socket frame, a
 * timer) is sampled with the root probability ({@code management.tracing.sampling.probability}, 10% by default, as
 * Spring Boot's), decided on the trace id so that every service decides alike; the rest of the flow follows that
 * decision. An unsampled event starts no span. The decision is made as OpenTelemetry's trace-id-ratio sampler, which
 * Spring Boot roots its traces with, makes it, so any service reads it from the trace id alone: an event of an
 * unsampled flow carries no {@code traceparent} (publishing it costs a comparison, and handling it makes the flow's
 * trace current for what the handler publishes), except when its flow was decided otherwise — an HTTP client's
 * unsampled {@code traceparent} on a trace id that would be sampled — and then it carries that {@code traceparent} on.
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

    /** Spring Boot's default of {@code management.tracing.sampling.probability}. */
    public static final double DEFAULT_PROBABILITY = 0.1;

    private static final Map<EventType, String> PUBLISH_NAMES = spanNames("publish ");
    private static final Map<EventType, String> HANDLE_NAMES = spanNames("handle ");

    private final Tracer tracer;
    private final boolean enabled;
    /**
     * Trace ids the absolute value of whose lower 64 bits is below this begin a sampled flow ({@code Long.MIN_VALUE}:
     * none; {@code Long.MAX_VALUE}: all).
     */
    private final long sampledBelow;

    /** Tracing that samples flows which begin outside any span with the probability Spring Boot defaults to. */
    public BusTracing(OpenTelemetry openTelemetry) {
        this(openTelemetry, DEFAULT_PROBABILITY);
    }

    /**
     * @param rootProbability the share of flows beginning outside any span that are sampled, from 0 to 1 (the rest
     *        of a flow follows its beginning)
     */
    public BusTracing(OpenTelemetry openTelemetry, double rootProbability) {
        if (!(rootProbability >= 0 && rootProbability <= 1)) {
            throw new IllegalArgumentException("management.tracing.sampling.probability must be between 0 and 1, but "
                    + "was " + rootProbability);
        }
        this.tracer = openTelemetry.getTracer("dev.janus.bus");
        this.enabled = openTelemetry != OpenTelemetry.noop();
        this.sampledBelow = rootProbability >= 1 ? Long.MAX_VALUE
                : rootProbability == 0 ? Long.MIN_VALUE : (long) (rootProbability * Long.MAX_VALUE);
    }

    /** Tracing that records nothing. */
    public static BusTracing noop() {
        return new BusTracing(OpenTelemetry.noop());
    }

    private static Map<EventType, String> spanNames(String verb) {
        Map<EventType, String> names = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            names.put(type, verb + type.wireName());
        }
        return names;
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
     * <p>
     * An event without a {@code traceparent} published where no span is current, or where another trace's span is
     * current and the event answers another, is decided on its own trace id: unsampled, it is published as it is, with
     * no span and no {@code traceparent}, for every service reads the same decision from the trace id.
     */
    public Publishing publishing(JanusEvent event) {
        if (!enabled) {
            return new Publishing(event, Span.getInvalid());
        }
        Context current = Context.current();
        SpanContext caller = Span.fromContext(current).getSpanContext();
        Context parent;
        if (event.context().traceparent() != null) {
            parent = causeOrCaller(event, current, caller);
        }
        else if (caller.isValid() && (event.causationId() == null || caller.getTraceId().equals(event.traceId()))) {
            // the caller's flow, or a new event the caller begins in it
            parent = current;
        }
        else if (samples(event.traceId())) {
            parent = remoteParent(event.traceId(), TraceFlags.getSampled());
        }
        else {
            return new Publishing(event, Span.getInvalid());
        }
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isSampled()) {
            return new Publishing(inUnsampledFlow(event, parentSpan), Span.getInvalid());
        }
        return traced(event, parent);
    }

    private Publishing traced(JanusEvent event, Context parent) {
        Span span = tracer.spanBuilder(PUBLISH_NAMES.get(event.eventType()))
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .startSpan();
        SpanContext spanContext = span.getSpanContext();
        if (!spanContext.isValid()) {
            return new Publishing(event, span);
        }
        if (span.isRecording()) {
            annotate(span, event);
        }
        return new Publishing(event.withTrace(spanContext.getTraceId(), traceparent(spanContext)), span);
    }

    /**
     * The event as an unsampled flow carries it on: in the flow's trace, with the flow's unsampled {@code traceparent}
     * only where the trace id alone would not tell that the flow is unsampled (a caller that decided otherwise, such
     * as an HTTP client sending an unsampled {@code traceparent}).
     */
    private JanusEvent inUnsampledFlow(JanusEvent event, SpanContext flow) {
        boolean sameTrace = flow.getTraceId().equals(event.traceId());
        if (sameTrace && event.context().traceparent() != null) {
            return event;
        }
        if (!samples(flow.getTraceId())) {
            return sameTrace ? event : event.withTrace(flow.getTraceId(), null);
        }
        return event.withTrace(flow.getTraceId(), traceparent(flow));
    }

    /** The W3C header, written directly: the propagator's map round trip costs more than the span. */
    private static String traceparent(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** For an event carrying its cause's {@code traceparent}: the cause's trace, unless the caller's span is in it. */
    private static Context causeOrCaller(JanusEvent event, Context current, SpanContext caller) {
        Context cause = PROPAGATOR.extract(Context.root(), event, FROM_EVENT);
        SpanContext causeSpan = Span.fromContext(cause).getSpanContext();
        if (!causeSpan.isValid() || (caller.isValid() && caller.getTraceId().equals(causeSpan.getTraceId()))) {
            return current;
        }
        return cause;
    }

    /**
     * The root decision on a trace id, made as OpenTelemetry's trace-id-ratio sampler makes it — the sampler Spring
     * Boot roots its traces with, at the same probability — so every service, and the HTTP layer, decide alike.
     */
    private boolean samples(String traceId) {
        if (sampledBelow == Long.MAX_VALUE) {
            return true;
        }
        if (traceId.length() != 32) {
            return false;
        }
        return Math.abs(Long.parseUnsignedLong(traceId, 16, 32, 16)) < sampledBelow;
    }

    /**
     * A context whose span is a remote parent in the trace {@code traceId} that names no recorded span: a flow that
     * began outside any span (a WebSocket frame, a timer, a test) keeps the trace id its first event was created with.
     */
    private static Context remoteParent(String traceId, TraceFlags flags) {
        SpanContext origin = SpanContext.createFromRemoteParent(traceId, newSpanId(), flags, TraceState.getDefault());
        return origin.isValid() ? Context.root().with(Span.wrap(origin)) : Context.root();
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
     * current, so events published by the handler join the same trace. An event without a {@code traceparent} is
     * handled under a remote parent in its own trace, sampled as its trace id decides (a parent that names no
     * recorded span); unsampled, that trace is made current and no span starts.
     */
    @SuppressWarnings("MustBeClosedChecker") // the scope is closed by the returned Handling's close()
    public Handling handling(JanusEvent event, String group) {
        if (!enabled) {
            return UNTRACED;
        }
        Context parent = event.context().traceparent() == null
                // published outside any span, or in a flow whose trace id tells it is unsampled
                ? remoteParent(event.traceId(), samples(event.traceId()) ? TraceFlags.getSampled()
                        : TraceFlags.getDefault())
                : PROPAGATOR.extract(Context.root(), event, FROM_EVENT);
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isSampled()) {
            // an unsampled flow: no span; its trace is current, so what the handler publishes carries it on
            Scope scope = parent.makeCurrent();
            return new Handling() {
                @Override
                public void failed(Throwable error) {
                }

                @Override
                public void close() {
                    scope.close();
                }
            };
        }
        Span span = tracer.spanBuilder(HANDLE_NAMES.get(event.eventType()))
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
