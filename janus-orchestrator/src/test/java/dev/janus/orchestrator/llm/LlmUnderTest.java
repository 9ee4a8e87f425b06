package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.ToolResult;
import dev.janus.events.ResponseDelta;
import dev.janus.models.ChatModels;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.TestBuses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The LLM component as the application assembles it, with its providers configured from properties (Spring AI's
 * and {@code janus.llm.*}), on a real in-memory bus whose events a harness captures.
 */
final class LlmUnderTest implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final InMemoryEventBus bus = TestBuses.inMemory(BusProperties.defaults());
    final EventTestHarness harness = new EventTestHarness(bus);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ToolCatalogueView catalogue = new ToolCatalogueView();
    final LlmComponent component;

    LlmUnderTest(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        LlmProperties llm = binder.bind("janus.llm", LlmProperties.class).orElseGet(LlmProperties::defaults);
        component = LlmComponent.assemble(bus, llm, List.of(new OfflineResponder()), catalogue,
                new ChatModels(binder, ObservationRegistry.NOOP), meters);
        component.start();
    }

    /** Publishes an LLM request for {@code text} on {@code streamId}; returns the request event. */
    JanusEvent request(String streamId, String text) {
        return request(streamId, text, AssembledContext.empty(), List.of());
    }

    /** Publishes an LLM request with the context memory assembled and the results of tools already run. */
    JanusEvent request(String streamId, String text, AssembledContext context, List<ToolResult> toolResults) {
        JanusEvent message = EventFixtures.textMessage(streamId, text);
        JanusEvent requested = message.reply(EventKeys.ORCHESTRATOR_LLM_REQUESTED,
                new LlmRequest(text, "question", context, toolResults, List.of()), "janus-orchestrator");
        harness.publish(requested);
        return requested;
    }

    /**
     * Publishes a video frame of {@code streamId} captured at {@code at}, as janus-input does, and waits until the
     * component has heard it.
     */
    void frame(String streamId, byte[] jpeg, long sequence, Instant at) {
        long before = component.latestFrames().heard();
        harness.publish(LatestFramesTests.frame(streamId, jpeg, "image/jpeg", sequence, at));
        Awaitility.await().atMost(WAIT).until(() -> component.latestFrames().heard() > before);
    }

    /** The {@code llm.response.generated} of {@code request}. */
    GeneratedResponse response(JanusEvent request) throws TimeoutException {
        return harness.awaitEvent(EventType.LLM_RESPONSE_GENERATED,
                event -> event.correlationId().equals(request.correlationId()), WAIT)
                .content(EventKeys.LLM_RESPONSE_GENERATED);
    }

    /** The text of the deltas of {@code request} published so far, in sequence order. */
    String deltas(JanusEvent request) {
        StringBuilder text = new StringBuilder();
        harness.publishedEvents().stream()
                .filter(event -> event.eventType() == EventType.LLM_RESPONSE_DELTA
                        && event.correlationId().equals(request.correlationId()))
                .map(event -> event.content(EventKeys.LLM_RESPONSE_DELTA))
                .sorted(java.util.Comparator.comparingInt(ResponseDelta::sequence))
                .forEach(delta -> text.append(delta.text()));
        return text.toString();
    }

    @Override
    public void close() {
        component.stop();
        harness.close();
        bus.close();
    }
}
