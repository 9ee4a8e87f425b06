package dev.janus.bench.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.janus.bus.config.BusProperties.BusType;
import dev.janus.bus.EventBus;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.memory.MemoryConfiguration;
import dev.janus.orchestrator.OrchestratorApplication;
import dev.janus.tools.ToolsConfiguration;
import dev.janus.orchestrator.OrchestratorProperties;
import dev.janus.orchestrator.intent.EmbeddingIntentClassifier;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.llm.LlmComponent;
import dev.janus.orchestrator.llm.OfflineResponder;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The orchestrator service started in this JVM as its main starts it in production ({@link OrchestratorApplication}
 * with {@code janus-orchestrator.yml}), without the web server, alone or with the memory and tools components beside
 * it (their configurations, as the all-in-one app imports them); the LLM component in it answers with the offline
 * responder. Close it to close the context.
 */
final class RunningOrchestrator implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningOrchestrator(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts the application on {@code engine}.
     *
     * @param redisUrl the bench's redis-server, for {@link BusType#REDIS}
     * @param classifier an application-supplied classifier, which the orchestrator's configuration must take instead
     *        of the MiniLM one; {@code null} for the MiniLM classifier it builds itself
     * @param modelCache where MiniLM's tokenizer unpacks its native library unless {@code DJL_CACHE_DIR} is set
     * @throws IllegalStateException when the context did not come up with that bus, that classifier and the offline
     *         responder
     */
    static RunningOrchestrator start(BusType engine, @Nullable String redisUrl, @Nullable IntentClassifier classifier,
            Path modelCache, boolean withMemoryAndTools) {
        // Command-line arguments, not default properties: janus-orchestrator.yml sets janus.bus.type=redis and a URL,
        // and a config file outranks SpringApplication's default properties.
        List<String> arguments = new ArrayList<>();
        arguments.add("--janus.bus.type=" + engine.name().toLowerCase(Locale.ROOT));
        if (redisUrl != null) {
            arguments.add("--janus.bus.redis.url=" + redisUrl);
        }
        arguments.add("--janus.orchestrator.model-cache-dir=" + modelCache.toAbsolutePath());
        if (!withMemoryAndTools) {
            // the orchestrator alone: no memory or tools component runs, so their branches are off
            arguments.add("--janus.orchestrator.branches.memory=false");
            arguments.add("--janus.orchestrator.branches.tools=false");
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(withMemoryAndTools
                ? new Class<?>[] { OrchestratorApplication.class, MemoryConfiguration.class, ToolsConfiguration.class }
                : new Class<?>[] { OrchestratorApplication.class })
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties("spring.config.name=" + OrchestratorApplication.CONFIG_NAME);
        if (classifier != null) {
            // Registered before the configuration classes are read, as an application's own bean is: the
            // @ConditionalOnMissingBean on OrchestratorConfiguration's MiniLM classifier sees it and backs off.
            builder.initializers(context -> ((GenericApplicationContext) context).registerBean("benchIntentClassifier",
                    IntentClassifier.class, () -> classifier));
        }
        RunningOrchestrator app = new RunningOrchestrator(builder.run(arguments.toArray(String[]::new)));
        try {
            app.verify(engine, classifier);
        }
        catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** The application's bus: publish to it and subscribe to it as another service would. */
    EventBus bus() {
        return context.getBean(EventBus.class);
    }

    /** The classifier the conversation flow uses. */
    IntentClassifier classifier() {
        return context.getBean(IntentClassifier.class);
    }

    /** Threads that classify messages ({@code janus.orchestrator.classifier-threads}). */
    int classifierThreads() {
        return context.getBean(OrchestratorProperties.class).classifierThreads();
    }

    @Override
    public void close() {
        context.close();
    }

    private void verify(BusType engine, @Nullable IntentClassifier supplied) {
        Class<?> busType = engine == BusType.REDIS ? RedisEventBus.class : InMemoryEventBus.class;
        if (!busType.isInstance(bus())) {
            throw new IllegalStateException("the orchestrator runs on " + bus().getClass().getSimpleName() + ", not "
                    + busType.getSimpleName());
        }
        Map<String, IntentClassifier> classifiers = context.getBeansOfType(IntentClassifier.class);
        boolean expected = classifiers.size() == 1 && (supplied == null
                ? classifiers.values().iterator().next() instanceof EmbeddingIntentClassifier
                : classifiers.values().iterator().next() == supplied);
        if (!expected) {
            throw new IllegalStateException("expected only the " + (supplied == null ? "MiniLM" : "supplied")
                    + " intent classifier, but the context holds " + classifiers);
        }
        String provider = context.getBean(LlmComponent.class).provider().name();
        if (!provider.equals(OfflineResponder.PROVIDER)) {
            throw new IllegalStateException("the LLM component answers with '" + provider + "', not the offline "
                    + "responder");
        }
    }
}
