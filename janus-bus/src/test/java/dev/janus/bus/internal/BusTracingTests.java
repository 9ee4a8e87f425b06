package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    void anUnsampledFlowStartsNoSpanAndCarriesItsTraceOnUnsampled() {
        // given tracing that samples no flow beginning outside a span
        BusTracing never = new BusTracing(openTelemetry, 0.0);
        JanusEvent created = message();

        // when it is published, handled, and the handler publishes a new event
        BusTracing.Publishing publishing = never.publishing(created);
        publishing.end(null);
        JanusEvent published = publishing.event();
        BusTracing.Publishing inHandler;
        try (BusTracing.Handling handling = never.handling(published, "janus-memory")) {
            inHandler = never.publishing(message());
            inHandler.end(null);
        }

        // then no span was started, and both events carry the flow's trace id with the unsampled flag
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(published.traceId()).isEqualTo(created.traceId());
        assertThat(published.context().traceparent()).startsWith("00-" + created.traceId() + "-").endsWith("-00");
        assertThat(inHandler.event().traceId()).isEqualTo(created.traceId());
        assertThat(inHandler.event().context().traceparent()).endsWith("-00");
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
            boolean sampledHere = here.event().context().traceparent().endsWith("-01");
            // then both decide alike on the same trace id
            assertThat(there.event().context().traceparent().endsWith("-01")).isEqualTo(sampledHere);
            sampled += sampledHere ? 1 : 0;
        }

        // and about a quarter is sampled (the bounds are 7 standard deviations wide)
        assertThat(sampled).isBetween(370, 630);
    }

    private SpanData publishSpanOf(JanusEvent event) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("publish ")
                        && event.eventId().equals(span.getAttributes().get(BusTracing.EVENT_ID)))
                .findFirst().orElseThrow();
    }
}
