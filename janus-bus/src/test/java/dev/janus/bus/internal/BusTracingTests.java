package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BusTracingTests {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    private final BusTracing tracing = new BusTracing(openTelemetry, 1.0);

    @AfterEach
    void close() {
        openTelemetry.close();
    }

    private static JanusEvent message() {
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-1", new TextContent("hello"),
                new EventContext("janus-test", "ada", "chat", null, Map.of()));
    }

    @Test
    void handlingContinuesThePublishersTraceAndAnnotatesBothSpans() {
        // given
        BusTracing.Publishing publishing = tracing.publishing(message());
        publishing.end(null);

        // when
        try (BusTracing.Handling handling = tracing.handling(publishing.event(), "janus-orchestrator")) {
            // the handler runs here
        }

        // then
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).extracting(SpanData::getName).containsExactly("publish input.message.received",
                "handle input.message.received");
        assertThat(finished.get(1).getTraceId()).isEqualTo(finished.get(0).getTraceId());
        assertThat(finished.get(1).getParentSpanId()).isEqualTo(finished.get(0).getSpanId());
        assertThat(publishing.event().traceId()).isEqualTo(finished.get(0).getTraceId());
        assertThat(finished).allSatisfy(span -> assertThat(span.getAttributes().asMap().keySet())
                .extracting(Object::toString)
                .contains("event.id", "stream.id", "event.type", "correlation.id"));
    }

    @Test
    void aReplyPublishedFromAnotherThreadStaysInItsCausesTrace() throws Exception {
        // given: the handler of a message hands its reply to a thread of its own, where no span is current
        BusTracing.Publishing cause = tracing.publishing(message());
        cause.end(null);
        JanusEvent reply;
        try (BusTracing.Handling handling = tracing.handling(cause.event(), "janus-orchestrator")) {
            reply = cause.event().reply(EventKeys.INPUT_MESSAGE_RECEIVED, new TextContent("a transcript"),
                    "janus-orchestrator");
        }

        // when
        JanusEvent published = CompletableFuture.supplyAsync(() -> {
            BusTracing.Publishing publishing = tracing.publishing(reply);
            publishing.end(null);
            return publishing.event();
        }).get();

        // then
        SpanData publish = publishSpanOf(published);
        assertThat(publish.getTraceId()).isEqualTo(cause.span().getSpanContext().getTraceId());
        assertThat(publish.getParentSpanId()).isEqualTo(cause.span().getSpanContext().getSpanId());
        assertThat(published.traceId()).isEqualTo(publish.getTraceId());
    }

    @Test
    void aReplyPublishedUnderAnotherRequestsSpanStaysInItsCausesTrace() {
        // given: a reply built from one request's event while another request's span is current
        BusTracing.Publishing cause = tracing.publishing(message());
        cause.end(null);
        JanusEvent reply = cause.event().reply(EventKeys.INPUT_MESSAGE_RECEIVED, new TextContent("a transcript"),
                "janus-orchestrator");
        BusTracing.Publishing other = tracing.publishing(message());
        other.end(null);

        // when
        try (BusTracing.Handling unrelated = tracing.handling(other.event(), "janus-orchestrator")) {
            tracing.publishing(reply).end(null);
        }

        // then
        SpanData publish = publishSpanOf(reply);
        assertThat(publish.getTraceId()).isEqualTo(cause.span().getSpanContext().getTraceId())
                .isNotEqualTo(other.span().getSpanContext().getTraceId());
    }

    @Test
    void aNewEventIsAChildOfTheCallersSpan() {
        // given: an HTTP request's span is current when input publishes a new message
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /messages").startSpan();

        // when
        try (Scope scope = request.makeCurrent()) {
            tracing.publishing(message()).end(null);
        }
        request.end();

        // then
        SpanData publish = spans.getFinishedSpanItems().get(0);
        assertThat(publish.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    }

    @Test
    void aFlowStartedOutsideAnySpanKeepsTheTraceIdItsEventWasCreatedWith() {
        // given: an event created with its own trace id, published where no span is current
        JanusEvent created = message();

        // when
        BusTracing.Publishing publishing = tracing.publishing(created);
        publishing.end(null);

        // then
        assertThat(publishing.event().traceId()).isEqualTo(created.traceId());
        assertThat(publishSpanOf(created).getTraceId()).isEqualTo(created.traceId());
    }

    @Test
    void anUnsampledFlowStartsNoSpanAndItsEventsGoOnInItsTraceWithoutATraceparent() {
        // given tracing that samples no flow beginning outside a span
        BusTracing never = new BusTracing(openTelemetry, 0.0);
        JanusEvent created = message();

        // when it is published, handled, and the handler publishes a reply and a new event
        BusTracing.Publishing publishing = never.publishing(created);
        publishing.end(null);
        JanusEvent published = publishing.event();
        BusTracing.Publishing reply;
        BusTracing.Publishing begun;
        try (BusTracing.Handling handling = never.handling(published, "janus-memory")) {
            reply = never.publishing(published.reply(EventKeys.INPUT_MESSAGE_RECEIVED, new TextContent("an answer"),
                    "janus-memory"));
            begun = never.publishing(message());
        }

        // then no span was started, the event was published as it was, and all three are in the flow's trace
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(published).isSameAs(created);
        assertThat(published.context().traceparent()).isNull();
        assertThat(List.of(reply.event(), begun.event())).allSatisfy(event -> {
            assertThat(event.traceId()).isEqualTo(created.traceId());
            assertThat(event.context().traceparent()).isNull();
        });
    }

    @Test
    void aReplyInAnUnsampledFlowPublishedUnderAnotherFlowsSpanStaysInItsOwnTrace() {
        // given a reply in a flow its trace id leaves unsampled, and another flow's sampled span current
        BusTracing never = new BusTracing(openTelemetry, 0.0);
        JanusEvent cause = never.publishing(message()).event();
        JanusEvent reply = cause.reply(EventKeys.INPUT_MESSAGE_RECEIVED, new TextContent("an answer"), "janus-memory");
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /messages").startSpan();

        // when
        BusTracing.Publishing publishing;
        try (Scope scope = request.makeCurrent()) {
            publishing = never.publishing(reply);
        }
        request.end();

        // then
        assertThat(publishing.event()).isSameAs(reply);
        assertThat(publishing.span().getSpanContext().isValid()).isFalse();
    }

    @Test
    void aReplyWithoutATraceparentPublishedUnderAnotherFlowsSpanIsTracedInItsOwnTrace() {
        // given a reply to an event from an untraced publisher, and another flow's span current
        JanusEvent cause = BusTracing.noop().publishing(message()).event();
        JanusEvent reply = cause.reply(EventKeys.INPUT_MESSAGE_RECEIVED, new TextContent("an answer"), "janus-memory");
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /messages").startSpan();

        // when this service, which samples every flow, publishes it
        BusTracing.Publishing publishing;
        try (Scope scope = request.makeCurrent()) {
            publishing = tracing.publishing(reply);
            publishing.end(null);
        }
        request.end();

        // then
        assertThat(publishSpanOf(reply).getTraceId()).isEqualTo(cause.traceId())
                .isNotEqualTo(request.getSpanContext().getTraceId());
        assertThat(publishing.event().traceId()).isEqualTo(cause.traceId());
    }

    @Test
    void anEventWithoutATraceparentIsHandledWithASpanExactlyWhenItsTraceIdIsSampled() {
        // given tracing that samples half of the flows, and Spring Boot's root sampler at the same probability
        BusTracing half = new BusTracing(openTelemetry, 0.5);
        Sampler spring = Sampler.traceIdRatioBased(0.5);
        int handledWithASpan = 0;

        for (int i = 0; i < 400; i++) {
            // when events published where tracing is off are handled
            JanusEvent published = BusTracing.noop().publishing(message()).event();
            int spansBefore = spans.getFinishedSpanItems().size();
            try (BusTracing.Handling handling = half.handling(published, "janus-orchestrator")) {
                // the handler runs here
            }

            // then a span, in the event's trace, is recorded exactly for the ids the root sampler samples
            boolean sampled = samplesAsRoot(spring, published.traceId());
            List<SpanData> recorded = spans.getFinishedSpanItems().subList(spansBefore,
                    spans.getFinishedSpanItems().size());
            assertThat(recorded).hasSize(sampled ? 1 : 0)
                    .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(published.traceId()));
            handledWithASpan += sampled ? 1 : 0;
        }
        assertThat(handledWithASpan).isBetween(100, 300);
    }

    @Test
    void aCallersUnsampledDecisionTheTraceIdWouldNotTellTravelsAsATraceparent() {
        // given an HTTP client's unsampled traceparent on a trace id this tracing samples (it samples every id)
        Span request = Span.wrap(SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault()));

        // when input publishes a new message under it, and the message's handler replies
        JanusEvent published;
        try (Scope scope = request.makeCurrent()) {
            published = tracing.publishing(message()).event();
        }
        JanusEvent reply;
        try (BusTracing.Handling handling = tracing.handling(published, "janus-orchestrator")) {
            reply = tracing.publishing(published.reply(EventKeys.INPUT_MESSAGE_RECEIVED,
                    new TextContent("an answer"), "janus-orchestrator")).event();
        }

        // then the flow stays unsampled throughout, in the caller's trace
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(List.of(published, reply)).allSatisfy(event -> {
            assertThat(event.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(event.context().traceparent()).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                    .endsWith("-00");
        });
    }

    @Test
    void anEventWithoutATraceparentFromAnUntracedPublisherIsHandledInItsOwnTrace() {
        // given an event published by a service whose tracing is off
        JanusEvent published = BusTracing.noop().publishing(message()).event();

        // when this service, which samples every flow, handles it
        try (BusTracing.Handling handling = tracing.handling(published, "janus-orchestrator")) {
            // the handler runs here
        }

        // then
        assertThat(spans.getFinishedSpanItems()).singleElement()
                .satisfies(span -> assertThat(span.getTraceId()).isEqualTo(published.traceId()));
    }

    @Test
    void flowsBeginningOutsideASpanAreSampledWithTheRootProbabilityAlikeInEveryService() {
        // given two services' tracing that sample a quarter of new flows
        BusTracing service = new BusTracing(openTelemetry, 0.25);
        BusTracing otherService = new BusTracing(openTelemetry, 0.25);

        // when 2,000 new flows are published by one service and their trace ids begin flows in the other
        int sampled = 0;
        for (int i = 0; i < 2_000; i++) {
            JanusEvent created = message();
            BusTracing.Publishing here = service.publishing(created);
            BusTracing.Publishing there = otherService.publishing(message().withTrace(created.traceId(), null));
            here.end(null);
            there.end(null);
            boolean sampledHere = here.span().getSpanContext().isSampled();
            // then both decide alike on the same trace id
            assertThat(there.span().getSpanContext().isSampled()).isEqualTo(sampledHere);
            sampled += sampledHere ? 1 : 0;
        }

        // and about a quarter is sampled (the bounds are 7 standard deviations wide)
        assertThat(sampled).isBetween(370, 630);
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.0, 0.1, 0.5, 1.0 })
    void theDecisionOnATraceIdIsTheOneSpringBootsRootSamplerMakes(double probability) {
        // given Spring Boot's root sampler at the same probability
        Sampler spring = Sampler.traceIdRatioBased(probability);
        BusTracing service = new BusTracing(openTelemetry, probability);

        // when each decides on the same 5,000 random trace ids, then they agree
        for (int i = 0; i < 5_000; i++) {
            JanusEvent created = message();
            boolean springSamples = samplesAsRoot(spring, created.traceId());
            BusTracing.Publishing publishing = service.publishing(created);
            publishing.end(null);
            assertThat(publishing.span().getSpanContext().isSampled()).as(created.traceId()).isEqualTo(springSamples);
        }
    }

    /** Whether {@code sampler} samples a trace that begins with {@code traceId} (no parent). */
    private static boolean samplesAsRoot(Sampler sampler, String traceId) {
        return sampler.shouldSample(Context.root(), traceId, "POST /messages", SpanKind.SERVER, Attributes.empty(),
                List.of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    }

    private SpanData publishSpanOf(JanusEvent event) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("publish ")
                        && event.eventId().equals(span.getAttributes().get(BusTracing.EVENT_ID)))
                .findFirst().orElseThrow();
    }
}
