package dev.janus.memory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

import dev.janus.bus.EventBus;
import dev.janus.bus.UserErasure;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventType;
import dev.janus.memory.api.MemoriesController;
import dev.janus.memory.api.MemoryApiExceptionHandler;
import dev.janus.memory.consolidation.Consolidation;
import dev.janus.memory.consolidation.ConsolidationSchedule;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.facts.FactExtractor;
import dev.janus.memory.facts.FactStore;
import dev.janus.memory.facts.InMemoryFactStore;
import dev.janus.memory.facts.LlmFactExtractor;
import dev.janus.memory.facts.RedisFactStore;
import dev.janus.memory.facts.RuleBasedFactExtractor;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.history.InMemoryHistoryStore;
import dev.janus.memory.history.RedisHistoryStore;
import dev.janus.memory.patterns.InMemoryPatternStore;
import dev.janus.memory.patterns.PatternDetector;
import dev.janus.memory.patterns.PatternStore;
import dev.janus.memory.patterns.RedisPatternStore;
import dev.janus.memory.recall.BackgroundReembedding;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RedisVectorStore;
import dev.janus.memory.recall.Reembedding;
import dev.janus.memory.recall.VectorStore;
import dev.janus.memory.recall.VolatileVectorStore;
import dev.janus.models.ChatModels;
import dev.janus.models.embedding.EmbeddingModels;
import dev.janus.models.embedding.EmbeddingProperties;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The memory component's beans. Imported by its own {@link MemoryApplication} and by the all-in-one app; no other
 * component imports it. State lives in this JVM with {@code janus.bus.type=memory} (the default) and in Redis, under
 * {@code janus:memory:...}, with {@code janus.bus.type=redis}. An application may supply its own
 * {@link NamedEmbeddingModel} (to share one with another component) or {@link FactExtractor}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MemoryProperties.class, EmbeddingProperties.class })
@Import({ MemoriesController.class, MemoryApiExceptionHandler.class })
public class MemoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MemoryConfiguration.class);

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-memory";

    /** What memory publishes, and the subscriptions of {@link MemoryEventHandlers}. */
    @Bean
    ComponentEvents memoryEvents() {
        return ComponentEvents.of(COMPONENT)
                .publishes(EventType.MEMORY_CONTEXT_ASSEMBLED, EventType.MEMORY_PATTERN_DETECTED,
                        EventType.MEMORY_FACT_LEARNED, EventType.MEMORY_CONFLICT_DETECTED,
                        EventType.MEMORY_CONSOLIDATION_COMPLETED, EventType.MEMORY_USER_ERASED)
                .consumes(EventType.ORCHESTRATOR_CONTEXT_REQUESTED)
                .consumes(EventType.INPUT_MESSAGE_RECEIVED)
                .consumes(EventType.INPUT_STREAM_STARTED)
                .consumes(EventType.INPUT_STREAM_ENDED)
                .consumes(EventType.TOOLS_EXECUTION_COMPLETED)
                .consumes(EventType.LLM_RESPONSE_GENERATED)
                .consumes(EventType.OUTPUT_MESSAGE_SENT)
                .consumesBroadcast(EventType.MEMORY_USER_ERASED)
                .build();
    }

    /**
     * The embedding model of {@code janus.embeddings.model} (all-MiniLM-L6-v2 with int8 weights by default, 384
     * dimensions), loaded once (a second or two). Sets {@code DJL_CACHE_DIR} to {@code janus.memory.model-cache-dir}
     * when neither the environment nor the system properties set it.
     */
    @Bean
    @ConditionalOnMissingBean(NamedEmbeddingModel.class)
    NamedEmbeddingModel memoryEmbeddingModel(MemoryProperties properties, EmbeddingProperties embeddings) {
        return EmbeddingModels.load(embeddings.model(), Path.of(properties.modelCacheDir()),
                command -> ForkJoinPool.commonPool().execute(command));
    }

    @Bean
    Embedder memoryEmbedder(NamedEmbeddingModel model) {
        return new Embedder(model);
    }

    /** The default extractor: offline rules ({@code janus.memory.facts.extractor=rules}). */
    @Bean
    @ConditionalOnMissingBean(FactExtractor.class)
    @ConditionalOnProperty(name = "janus.memory.facts.extractor", havingValue = MemoryProperties.Facts.RULES,
            matchIfMissing = true)
    FactExtractor ruleBasedFactExtractor() {
        return new RuleBasedFactExtractor();
    }

    /**
     * With {@code janus.memory.facts.extractor=llm}: a chat model of {@code janus.memory.facts.provider} (by default
     * the LLM component's {@code janus.llm.provider}), built from the same {@code spring.ai.*} settings, so nothing is
     * configured twice; the rules answer for any message the model fails on.
     */
    @Bean
    @ConditionalOnMissingBean(FactExtractor.class)
    @ConditionalOnProperty(name = "janus.memory.facts.extractor", havingValue = MemoryProperties.Facts.LLM)
    LlmFactExtractor llmFactExtractor(MemoryProperties properties, Environment environment,
            ObjectProvider<ObservationRegistry> observations) {
        MemoryProperties.Facts facts = properties.facts();
        String provider = facts.providerOr(environment.getProperty("janus.llm.provider"));
        ObservationRegistry registry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
        ChatModel model;
        try {
            model = new ChatModels(environment, registry).create(provider, facts.llmTimeout());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("janus.memory.facts.extractor is 'llm' with the provider '" + provider
                    + "': " + e.getMessage(), e);
        }
        ChatOptions options = model.getOptions();
        log.info("Facts are extracted by the {} model {}, with the rules as fallback", provider,
                options == null ? "(the provider's default)" : options.getModel());
        return new LlmFactExtractor(model, registry, facts.llmTimeout(), new RuleBasedFactExtractor());
    }

    @Bean
    @ConditionalOnMemoryBus
    HistoryStore inMemoryHistoryStore() {
        return new InMemoryHistoryStore();
    }

    @Bean
    @ConditionalOnRedisBus
    HistoryStore redisHistoryStore(SharedRedis redis) {
        return new RedisHistoryStore(redis);
    }

    @Bean
    @ConditionalOnMemoryBus
    FactStore inMemoryFactStore() {
        return new InMemoryFactStore();
    }

    @Bean
    @ConditionalOnRedisBus
    FactStore redisFactStore(SharedRedis redis) {
        return new RedisFactStore(redis);
    }

    @Bean
    @ConditionalOnMemoryBus
    VectorStore volatileVectorStore() {
        return new VolatileVectorStore();
    }

    @Bean
    @ConditionalOnRedisBus
    VectorStore redisVectorStore(SharedRedis redis) {
        return new RedisVectorStore(redis);
    }

    @Bean
    @ConditionalOnMemoryBus
    PatternStore inMemoryPatternStore() {
        return new InMemoryPatternStore();
    }

    @Bean
    @ConditionalOnRedisBus
    PatternStore redisPatternStore(SharedRedis redis) {
        return new RedisPatternStore(redis);
    }

    @Bean
    FactBook factBook(FactStore store) {
        return new FactBook(store);
    }

    @Bean
    RecallIndex recallIndex(VectorStore store, MemoryProperties properties, Embedder embedder) {
        return new RecallIndex(store, properties.recall(), Clock.systemUTC(), embedder.modelId());
    }

    /** Re-embeds, in the background at start, what another embedding model stored. */
    @Bean
    BackgroundReembedding backgroundReembedding(RecallIndex recall, Embedder embedder) {
        return new BackgroundReembedding(new Reembedding(recall, embedder));
    }

    @Bean(destroyMethod = "close")
    PendingEmbeddings pendingEmbeddings(MemoryProperties properties) {
        return new PendingEmbeddings(properties.recall().embeddingWait());
    }

    @Bean
    PatternDetector patternDetector(PatternStore store, RecallIndex recall, MemoryProperties properties) {
        return new PatternDetector(store, recall, properties.patterns());
    }

    @Bean(destroyMethod = "close")
    MemoryRecorder memoryRecorder(HistoryStore history, FactExtractor extractor, FactBook facts, Embedder embedder,
            RecallIndex recall, PatternDetector patterns, EventBus bus, PendingEmbeddings pending) {
        return new MemoryRecorder(history, extractor, facts, embedder, recall, patterns, bus, pending);
    }

    @Bean(destroyMethod = "close")
    ContextAssembler contextAssembler(HistoryStore history, FactBook facts, Embedder embedder, RecallIndex recall,
            MemoryRecorder recorder, MemoryProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ContextAssembler(history, facts, embedder, recall, recorder, properties,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    MemoryEventHandlers memoryEventHandlers(EventBus bus, MemoryRecorder recorder, ContextAssembler assembler) {
        return new MemoryEventHandlers(bus, recorder, assembler);
    }

    @Bean
    Consolidation consolidation(HistoryStore history, FactBook facts, RecallIndex recall, Embedder embedder,
            EventBus bus, MemoryProperties properties) {
        return new Consolidation(history, facts, recall, embedder, bus, properties, Clock.systemUTC());
    }

    @Bean
    ConsolidationSchedule consolidationSchedule(Consolidation consolidation, MemoryProperties properties,
            ObjectProvider<SharedRedis> redis) {
        return new ConsolidationSchedule(consolidation, properties.consolidation().interval(),
                properties.consolidation().enabled(), redis.getIfAvailable());
    }

    @Bean
    UserMemories userMemories(FactBook facts, HistoryStore history, RecallIndex recall, PatternStore patterns,
            EventBus bus, MemoryRecorder recorder) {
        if (!(bus instanceof UserErasure erasure)) {
            throw new IllegalStateException("the event bus " + bus.getClass().getName() + " cannot erase a user");
        }
        return new UserMemories(facts, history, recall, patterns, erasure, bus, Clock.systemUTC(), recorder);
    }
}
