package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.janus.events.EventContext;
import dev.janus.events.EventType;
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
    private final BusTracing tracing = new BusTracing(openTelemetry);

    @AfterEach
    void close() {
        openTelemetry.close();
    }

    private static JanusEvent message() {
        return JanusEvent.create(EventType.INPUT_MESSAGE_RECEIVED, "stream-1", new TextContent("hello"),
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
            reply = cause.event().reply(EventType.INPUT_MESSAGE_RECEIVED, new TextContent("a transcript"),
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
        JanusEvent reply = cause.event().reply(EventType.INPUT_MESSAGE_RECEIVED, new TextContent("a transcript"),
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

    private SpanData publishSpanOf(JanusEvent event) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("publish ")
                        && event.eventId().equals(span.getAttributes().get(BusTracing.EVENT_ID)))
                .findFirst().orElseThrow();
    }
}
