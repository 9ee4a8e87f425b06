package dev.janus.orchestrator.llm;

import java.util.List;
import java.util.stream.Collectors;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM component: in its own consumer group {@value #GROUP}, it answers each
 * {@code orchestrator.llm.requested} with {@code llm.response.generated}, produced by the
 * {@link ResponseGenerator} that {@code janus.llm.provider} selects. The response has an id derived from
 * the request's, so answering a redelivered request again publishes an event the consumers have seen.
 * Subscribes on {@link #start()}, cancels on {@link #stop()}.
 */
public final class LlmComponent extends EventHandlers {

    /** The component's consumer-group name, and the source of the events it publishes. */
    public static final String GROUP = "janus-llm";

    private static final Logger log = LoggerFactory.getLogger(LlmComponent.class);

    private final EventBus bus;
    private final ResponseGenerator generator;

    /** The component answering through {@code generator}. */
    public LlmComponent(EventBus bus, ResponseGenerator generator) {
        this.bus = bus;
        this.generator = generator;
    }

    /**
     * The component answering through the generator whose provider is {@code provider}.
     *
     * @throws IllegalArgumentException naming the available providers when none has that name
     */
    public static LlmComponent forProvider(EventBus bus, String provider, List<ResponseGenerator> generators) {
        return new LlmComponent(bus, generators.stream()
                .filter(generator -> generator.provider().equals(provider))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("janus.llm.provider is '" + provider
                        + "', but no such provider is available; available: " + generators.stream()
                                .map(ResponseGenerator::provider).sorted().collect(Collectors.joining(", ")))));
    }

    /** The generator that answers. */
    public ResponseGenerator generator() {
        return generator;
    }

    void on(JanusEvent requested) throws Exception {
        LlmRequest request = requested.contentAs(LlmRequest.class);
        GeneratedResponse response = generator.generate(request, requested);
        log.debug("{} answered {} with {} words in {} ms", response.provider(), requested.correlationId(),
                response.completionTokens(), response.latencyMs());
        bus.publish(requested.replyOnce(EventType.LLM_RESPONSE_GENERATED, response, GROUP)).join();
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventType.ORCHESTRATOR_LLM_REQUESTED.wireName(), GROUP, this::on));
    }
}
