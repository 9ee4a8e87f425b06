package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request is one trace: from the REST POST through input, orchestrator, memory, tools, the LLM
 * component and output to {@code output.message.sent}, every span, across every bus hop over Redis,
 * shares the HTTP request's trace id and names the event it is about.
 */
class TracingIntegrationTests {

    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("event.id");
    private static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("stream.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event.type");
    private static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlation.id");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    @Test
    void aMessageAndEverythingItCausesAreOneTrace() throws Exception {
        // given
        JanusOnRedis janus = JanusOnRedis.shared();

        // when
        HttpResponse<String> response = janus.postJson("/api/v1/streams/traced-conversation/messages?wait=30",
                "{\"text\":\"what is 17 * 23?\",\"user_id\":\"ada\"}");

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = JsonMapper.builder().build().readTree(response.body());
        String correlationId = reply.get("correlation_id").stringValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> busSpans(janus, correlationId).stream()
                .anyMatch(span -> span.getName().equals("publish output.message.sent")));
        List<SpanData> spans = busSpans(janus, correlationId);
        SpanData request = janus.spans().getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER)
                .filter(span -> span.getTraceId().equals(spans.get(0).getTraceId()))
                .findFirst().orElseThrow(() -> new AssertionError("no HTTP server span in the trace of " + spans));

        assertThat(request.getName()).containsIgnoringCase("post");
        assertThat(spans).allSatisfy(span -> assertThat(span.getTraceId()).as(span.getName())
                .isEqualTo(request.getTraceId()));
        assertThat(spans).extracting(SpanData::getName).contains(
                "publish input.message.received", "handle input.message.received",
                "publish orchestrator.context.requested", "handle orchestrator.context.requested",
                "publish memory.context.assembled",
                "publish orchestrator.tools.requested", "handle orchestrator.tools.requested",
                "publish tools.execution.completed",
                "publish orchestrator.llm.requested", "handle orchestrator.llm.requested",
                "publish llm.response.generated", "handle llm.response.generated",
                "publish orchestrator.response.ready", "handle orchestrator.response.ready",
                "publish output.message.sent");
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getAttributes().get(EVENT_ID)).as(span.getName()).isNotBlank();
            assertThat(span.getAttributes().get(STREAM_ID)).as(span.getName()).isEqualTo("traced-conversation");
            assertThat(span.getAttributes().get(EVENT_TYPE)).as(span.getName())
                    .isEqualTo(span.getName().substring(span.getName().indexOf(' ') + 1));
            assertThat(span.getAttributes().get(CORRELATION_ID)).as(span.getName()).isEqualTo(correlationId);
        });
        Set<String> groups = spans.stream().map(span -> span.getAttributes().get(GROUP))
                .filter(group -> group != null).collect(Collectors.toSet());
        assertThat(groups).contains("janus-orchestrator", "janus-memory", "janus-tools", "janus-llm", "janus-output");
    }

    @Test
    void theMessagesPublishSpanIsAChildOfTheHttpRequest() throws Exception {
        // given
        JanusOnRedis janus = JanusOnRedis.shared();

        // when
        HttpResponse<String> response = janus.postJson("/api/v1/streams/traced-accepted/messages",
                "{\"text\":\"hello\",\"user_id\":\"ada\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        String correlationId = JsonMapper.builder().build().readTree(response.body()).get("correlation_id").stringValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> busSpans(janus, correlationId).stream()
                .anyMatch(span -> span.getName().equals("publish input.message.received")));
        SpanData publish = busSpans(janus, correlationId).stream()
                .filter(span -> span.getName().equals("publish input.message.received")).findFirst().orElseThrow();
        SpanData parent = janus.spans().getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(publish.getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the publish span's parent was not recorded"));
        assertThat(parent.getKind()).isEqualTo(SpanKind.SERVER);
    }

    private static List<SpanData> busSpans(JanusOnRedis janus, String correlationId) {
        return janus.spans().getFinishedSpanItems().stream()
                .filter(span -> correlationId.equals(span.getAttributes().get(CORRELATION_ID)))
                .toList();
    }
}
