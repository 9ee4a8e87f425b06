package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.util.List;

import dev.janus.bus.EventBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventType;
import dev.janus.models.ChatModels;
import dev.janus.models.embedding.EmbeddingModels;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The LLM component's beans, imported by the orchestrator's configuration; off with {@code janus.llm.enabled=false}.
 * Providers: every {@link ResponseGenerator} bean (the {@link OfflineResponder} among them) answers in one piece;
 * each model provider named by {@code janus.llm.provider}, {@code .fallback} or {@code .variants} gets a Spring AI
 * chat model ({@link ChatModels}) behind its retries and circuit breaker. Start-up fails, naming the available
 * providers, when the configuration names one that is not there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "janus.llm.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OfflineResponderProperties.class)
public class LlmConfiguration {

    /**
     * The offline responder. Unless {@code janus.llm.offline.answer-similarity} is set, its threshold is the one
     * calibrated for memory's embedding model ({@code janus.embeddings.model}), whose similarities it reads.
     */
    @Bean
    OfflineResponder offlineResponder(OfflineResponderProperties properties, Environment environment) {
        OfflineResponderProperties calibrated = environment.containsProperty("janus.llm.offline.answer-similarity")
                ? properties
                : properties.withAnswerSimilarity(OfflineResponderProperties.defaultSimilarity(environment
                        .getProperty("janus.embeddings.model", EmbeddingModels.DEFAULT)));
        return new OfflineResponder(calibrated, Clock.systemUTC());
    }

    /** What {@link LlmComponent} publishes and subscribes to; video frames only when some provider looks at them. */
    @Bean
    ComponentEvents llmEvents(LlmProperties properties) {
        return ComponentEvents.of(LlmComponent.GROUP)
                .publishes(EventType.ORCHESTRATOR_TOOLS_REQUESTED, EventType.LLM_RESPONSE_DELTA,
                        EventType.LLM_RESPONSE_GENERATED)
                .consumes(EventType.ORCHESTRATOR_LLM_REQUESTED)
                .consumesBroadcast(EventType.INPUT_STREAM_INTERRUPTED)
                .consumesBroadcast(EventType.TOOLS_REGISTRY_UPDATED)
                .consumesBroadcast(EventType.TOOLS_EXECUTION_COMPLETED)
                .consumesBroadcast(EventType.TOOLS_EXECUTION_FAILED)
                .consumesBroadcastWhile(EventType.INPUT_VIDEO_FRAME,
                        "only while a provider in use takes images: janus.llm.providers.*.images",
                        properties.providersInUse().stream().anyMatch(properties::imagesOf))
                .build();
    }

    @Bean
    ToolCatalogueView llmToolCatalogue() {
        return new ToolCatalogueView();
    }

    @Bean
    LlmComponent llmComponent(EventBus bus, LlmProperties properties, List<ResponseGenerator> generators,
            ToolCatalogueView catalogue, Environment environment, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations, CircuitBreakerRegistry breakers) {
        return LlmComponent.assemble(bus, properties, generators, catalogue,
                new ChatModels(environment, observations.getIfUnique(() -> ObservationRegistry.NOOP)),
                meters.getIfUnique(SimpleMeterRegistry::new), breakers);
    }

    @Bean
    LlmHealthIndicator llmHealthIndicator(LlmComponent llm, LlmProperties properties) {
        return new LlmHealthIndicator(llm, properties);
    }
}
