package dev.janus.orchestrator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.models.embedding.EmbeddingModels;
import dev.janus.models.embedding.EmbeddingProperties;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.orchestrator.flow.ConversationFlow;
import dev.janus.orchestrator.flow.UserErasureHandler;
import dev.janus.orchestrator.intent.EmbeddingIntentClassifier;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.join.InMemoryJoinStore;
import dev.janus.orchestrator.join.JoinStore;
import dev.janus.orchestrator.join.RedisJoinStore;
import dev.janus.orchestrator.llm.LlmConfiguration;
import dev.janus.orchestrator.llm.LlmProperties;
import dev.janus.orchestrator.planning.ToolPlanner;
import dev.janus.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The orchestrator component's beans. Imported by its own {@link OrchestratorApplication} and by the all-in-one app;
 * no other component imports it. Works on either bus: the join store is in memory with
 * {@code janus.bus.type=memory} (the default) and a Redis hash per join, shared by the replicas, with
 * {@code janus.bus.type=redis}. The {@link ConversationFlow} and the LLM component subscribe when the context
 * has refreshed and cancel when it closes. An application may supply its own {@link IntentClassifier} bean; the
 * default one embeds with {@code janus.embeddings.model}, and the embedding it computes travels to memory.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ OrchestratorProperties.class, LlmProperties.class, EmbeddingProperties.class })
@Import(LlmConfiguration.class)
public class OrchestratorConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = ConversationFlow.GROUP;

    /** What the conversation flow and {@link UserErasureHandler} publish and subscribe to. */
    @Bean
    ComponentEvents orchestratorEvents(OrchestratorProperties properties) {
        OrchestratorProperties.Branches branches = properties.branches();
        return ComponentEvents.of(COMPONENT)
                .publishes(EventType.ORCHESTRATOR_INTENT_CLASSIFIED, EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                        EventType.ORCHESTRATOR_TOOLS_REQUESTED, EventType.ORCHESTRATOR_LLM_REQUESTED,
                        EventType.ORCHESTRATOR_RESPONSE_READY)
                .consumes(EventType.INPUT_MESSAGE_RECEIVED)
                .consumesWhile(EventType.MEMORY_CONTEXT_ASSEMBLED, "unless janus.orchestrator.branches.memory=false",
                        branches.memory())
                .consumesWhile(EventType.TOOLS_EXECUTION_COMPLETED, "unless janus.orchestrator.branches.tools=false",
                        branches.tools())
                .consumesWhile(EventType.TOOLS_EXECUTION_FAILED, "unless janus.orchestrator.branches.tools=false",
                        branches.tools())
                .consumes(EventType.LLM_RESPONSE_GENERATED)
                .consumes(EventType.MEMORY_USER_ERASED)
                .consumesBroadcast(EventType.MEMORY_USER_ERASED)
                .build();
    }

    @Bean
    ToolPlanner toolPlanner() {
        return new ToolPlanner();
    }

    /**
     * The embedding model of {@code janus.embeddings.model}, loaded once (a second or two); in an application that
     * also runs memory (the all-in-one), whichever configuration comes first loads it and the other uses the same.
     */
    @Bean
    @ConditionalOnMissingBean(NamedEmbeddingModel.class)
    NamedEmbeddingModel orchestratorEmbeddingModel(OrchestratorProperties properties, EmbeddingProperties embeddings) {
        return EmbeddingModels.load(embeddings.model(), Path.of(properties.modelCacheDir()),
                command -> ForkJoinPool.commonPool().execute(command));
    }

    @Bean
    @ConditionalOnMissingBean(IntentClassifier.class)
    IntentClassifier intentClassifier(OrchestratorProperties properties, NamedEmbeddingModel model) {
        return new EmbeddingIntentClassifier(model, properties.intents(), properties.intentThreshold(),
                properties.defaultIntent());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMemoryBus
    JoinStore inMemoryJoinStore(OrchestratorProperties properties) {
        return new InMemoryJoinStore(Clock.systemUTC(), properties.joinRetention());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnRedisBus
    JoinStore redisJoinStore(SharedRedis redis, OrchestratorProperties properties) {
        return new RedisJoinStore(redis, new EventCodec(), properties.joinRetention());
    }

    @Bean
    UserErasureHandler orchestratorUserErasureHandler(EventBus bus, JoinStore joinStore,
            IntentClassifier intentClassifier) {
        return new UserErasureHandler(bus, joinStore, intentClassifier, COMPONENT);
    }

    @Bean
    ConversationFlow conversationFlow(EventBus bus, JoinStore joinStore, ToolPlanner toolPlanner,
            IntentClassifier intentClassifier, OrchestratorProperties properties, LlmProperties llm,
            ObjectProvider<MeterRegistry> meters) {
        return new ConversationFlow(bus, joinStore, toolPlanner, intentClassifier, properties,
                properties.branches().waitsForIntent(llm), Clock.systemUTC(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
