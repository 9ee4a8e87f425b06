package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.models.BlockingOpenAiChat;
import dev.janus.models.ChatModels;
import dev.janus.models.ModelFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;

/**
 * The LLM component: in its own consumer group {@value #GROUP}, it answers each {@code orchestrator.llm.requested}
 * with {@code llm.response.generated}. The {@link VariantRouter} picks the route (the provider, or the stream's A/B
 * variant); the providers of the route's chain are asked in turn until one answers — each model provider behind its
 * retries and circuit breaker ({@link GuardedProvider}), the offline responder last. Text streams out as
 * {@code llm.response.delta} events while it is generated ({@link ReplyInProgress}); the final event carries the
 * whole text, the provider that answered, the model, token counts, latency and variant.
 * <p>
 * A provider that fails after some of its text was streamed is not replaced (the client has that text): the reply
 * ends with a note that it was cut off. An {@code input.stream.interrupted} for the stream cancels the generation;
 * the final event then carries the text so far with {@code interrupted} set, so the orchestrator's wait for the
 * reply always ends. The final event's id derives from the request's, so answering a redelivered request publishes
 * an event the consumers have seen. Metrics: {@code janus.llm.tokens{provider,kind}},
 * {@code janus.llm.requests{variant,provider,outcome}} (outcome
 * {@code answered}, {@code fallback}, {@code truncated}, {@code interrupted}) and
 * {@code janus.llm.latency{variant,provider}}. When a provider in use takes images, it also hears every
 * {@code input.video.frame} (a broadcast) and keeps each stream's latest frame ({@link LatestFrames}) for those
 * providers; the offline responder ignores images. Subscribes on {@link #start()}, cancels on {@link #stop()}.
 */
public final class LlmComponent extends EventHandlers {

    /** The component's consumer-group name, and the source of the events it publishes. */
    public static final String GROUP = "janus-llm";

    private static final Logger log = LoggerFactory.getLogger(LlmComponent.class);
    private static final String NO_VARIANT = "none";

    private final EventBus bus;
    private final Map<String, StreamingProvider> providers;
    private final VariantRouter router;
    private final LlmProperties properties;
    private final ToolCatalogueView catalogue;
    private final ToolRounds tools;
    private final InFlightReplies inFlight = new InFlightReplies();
    private final LatestFrames frames;
    private final MeterRegistry meters;

    /**
     * The component answering through {@code providers} (by name; {@code offline} must be among them).
     *
     * @throws IllegalArgumentException naming the available providers when a route names one that is not there
     */
    public LlmComponent(EventBus bus, List<StreamingProvider> providers, LlmProperties properties,
            ToolCatalogueView catalogue, ToolRounds tools, MeterRegistry meters) {
        this(bus, providers, properties, catalogue, tools, LatestFrames.of(properties.images()), meters);
    }

    /**
     * The component answering through {@code providers}, keeping the latest video frames in {@code frames} (the
     * store the image-taking providers read).
     *
     * @throws IllegalArgumentException naming the available providers when a route names one that is not there
     */
    public LlmComponent(EventBus bus, List<StreamingProvider> providers, LlmProperties properties,
            ToolCatalogueView catalogue, ToolRounds tools, LatestFrames frames, MeterRegistry meters) {
        this.bus = bus;
        this.frames = frames;
        Map<String, StreamingProvider> byName = new LinkedHashMap<>();
        providers.forEach(provider -> byName.put(provider.name(), provider));
        this.providers = Map.copyOf(byName);
        this.properties = properties;
        this.router = new VariantRouter(properties);
        this.catalogue = catalogue;
        this.tools = tools;
        this.meters = meters;
        for (String name : properties.providersInUse()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("janus.llm names the provider '" + name
                        + "', but no such provider is available; available: " + byName.keySet().stream().sorted()
                                .collect(Collectors.joining(", ")));
            }
        }
    }

    /**
     * The component with every provider the properties name: each generator answers in one piece; each model
     * provider in use gets its chat model from {@code models}, behind its retries and circuit breaker.
     */
    public static LlmComponent assemble(EventBus bus, LlmProperties properties, List<ResponseGenerator> generators,
            ToolCatalogueView catalogue, ChatModels models, MeterRegistry meters) {
        return assemble(bus, properties, generators, catalogue, models, meters, CircuitBreakerRegistry.ofDefaults());
    }

    /** {@link #assemble}, the providers' breakers in {@code breakers} (the service's one registry). */
    public static LlmComponent assemble(EventBus bus, LlmProperties properties, List<ResponseGenerator> generators,
            ToolCatalogueView catalogue, ChatModels models, MeterRegistry meters, CircuitBreakerRegistry breakers) {
        Map<String, StreamingProvider> providers = new LinkedHashMap<>();
        generators.forEach(generator -> providers.put(generator.provider(), new WholeReplyProvider(generator)));
        ToolRounds tools = new ToolRounds(bus, properties.toolTimeout());
        PromptAssembler assembler = new PromptAssembler();
        LatestFrames frames = LatestFrames.of(properties.images());
        for (String name : properties.providersInUse()) {
            if (!providers.containsKey(name) && ChatModels.PROVIDERS.contains(name)) {
                ChatModel model;
                RoundStreaming streaming;
                try {
                    if (ChatModels.OPENAI.equals(name)) {
                        BlockingOpenAiChat chat = models.openAi(properties.timeoutOf(name));
                        model = chat.model();
                        streaming = new OpenAiRoundStreaming(chat);
                    }
                    else {
                        model = models.create(name, properties.timeoutOf(name));
                        streaming = new SpringAiRoundStreaming(model);
                    }
                }
                catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("janus.llm: " + e.getMessage(), e);
                }
                ChatModelProvider provider = new ChatModelProvider(name, model, streaming, assembler, catalogue,
                        tools, properties, frames);
                providers.put(name, new GuardedProvider(provider, properties, breakers));
            }
        }
        return new LlmComponent(bus, new ArrayList<>(providers.values()), properties, catalogue, tools, frames,
                meters);
    }

    /** The component answering through one whole-reply generator (the offline responder answers when it fails). */
    public LlmComponent(EventBus bus, ResponseGenerator generator) {
        this(bus, wholeReply(generator), LlmProperties.defaults().withProvider(generator.provider()),
                new ToolCatalogueView(), new ToolRounds(bus, LlmProperties.defaults().toolTimeout()),
                new SimpleMeterRegistry());
    }

    private static List<StreamingProvider> wholeReply(ResponseGenerator generator) {
        List<StreamingProvider> providers = new ArrayList<>();
        providers.add(new WholeReplyProvider(generator));
        if (!OfflineResponder.PROVIDER.equals(generator.provider())) {
            providers.add(new WholeReplyProvider(new OfflineResponder()));
        }
        return providers;
    }

    /** The provider a request without variants goes to first. */
    public StreamingProvider provider() {
        return Objects.requireNonNull(providers.get(properties.provider()), "the constructor checked it");
    }

    /** A provider by name, if configured. */
    public @Nullable StreamingProvider provider(String name) {
        return providers.get(name);
    }

    /** The latest video frames this instance heard, per stream. */
    public LatestFrames latestFrames() {
        return frames;
    }

    /** The replies in flight on this instance. */
    public InFlightReplies inFlight() {
        return inFlight;
    }

    void on(JanusEvent requested, LlmRequest request) {
        VariantRouter.Route route = router.route(requested.streamId());
        ReplyInProgress reply = new ReplyInProgress(requested, bus, properties.delta());
        inFlight.add(reply);
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        String provider = route.provider();
        String model = route.model() != null ? route.model() : provider;
        StreamingProvider.ProviderReply answered = null;
        String outcome = "answered";
        try {
            for (String name : route.chain()) {
                provider = name;
                try {
                    answered = Objects.requireNonNull(providers.get(name), "the constructor checked the chain")
                            .answer(request, reply, name.equals(route.provider()) ? route.model() : null,
                                    List.copyOf(failures));
                    if (!failures.isEmpty()) {
                        outcome = "fallback";
                    }
                    break;
                }
                catch (CancellationException e) {
                    break;
                }
                catch (InterruptedException e) {
                    // the bus is stopping hard (or timed the handler out): the request is left to be delivered again
                    Thread.currentThread().interrupt();
                    throw new CancellationException("the LLM component's thread was interrupted while " + name
                            + " answered");
                }
                catch (Exception e) {
                    if (reply.isCancelled()) {
                        break;
                    }
                    String reason = ModelFailure.of(e).description();
                    if (e instanceof GuardedProvider.BreakerOpenException) {
                        reason = "circuit breaker open";
                    }
                    failures.add(name + ": " + reason);
                    log.warn("LLM provider {} failed for {} ({}); {}", name, requested.correlationId(), reason,
                            reply.hasStreamed() ? "the reply was cut off" : "trying the next provider");
                    if (reply.hasStreamed()) {
                        reply.appendNote("\n\n_(The reply was cut off: " + name + " failed: " + reason + ".)_");
                        reply.flush();
                        outcome = "truncated";
                        break;
                    }
                }
            }
        }
        finally {
            inFlight.remove(reply);
        }
        if (reply.isCancelled()) {
            outcome = "interrupted";
            reply.flush();
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        String text = reply.text();
        GeneratedResponse response;
        if (answered != null && !reply.isCancelled()) {
            response = new GeneratedResponse(text, provider, answered.model(), answered.promptTokens(),
                    answered.completionTokens(), latencyMs, route.variant(), false, answered.tokensEstimated());
        }
        else {
            response = new GeneratedResponse(text, provider, model, 0, PromptAssembler.estimate(text), latencyMs,
                    route.variant(), reply.isCancelled(), true);
        }
        record(route.variant(), provider, outcome, latencyMs);
        tokens(provider, "prompt", response.promptTokens());
        tokens(provider, "completion", response.completionTokens());
        log.debug("{} answered {} ({}) in {} ms", provider, requested.correlationId(), outcome, latencyMs);
        bus.publish(requested.replyOnce(EventKeys.LLM_RESPONSE_GENERATED, response, GROUP)).join();
    }

    private void record(@Nullable String variant, String provider, String outcome, long latencyMs) {
        String variantTag = variant == null ? NO_VARIANT : variant;
        Counter.builder("janus.llm.requests").description("LLM requests by variant, provider and outcome")
                .tags("variant", variantTag, "provider", provider, "outcome", outcome)
                .register(meters).increment();
        Timer.builder("janus.llm.latency").description("Time from LLM request to complete reply")
                .tags("variant", variantTag, "provider", provider)
                .register(meters).record(Duration.ofMillis(latencyMs));
    }

    private void tokens(String provider, String kind, int count) {
        Counter.builder("janus.llm.tokens").description("Tokens of LLM prompts and completions, by provider")
                .tags("provider", provider, "kind", kind).register(meters).increment(count);
    }

    @Override
    protected List<Subscription> subscribe() {
        List<Subscription> subscriptions = new ArrayList<>(List.of(
                // a reply may run through retries, fallbacks and tool rounds: the bus's watchdog waits that long
                bus.subscribe(EventKeys.ORCHESTRATOR_LLM_REQUESTED, GROUP, properties.worstCaseReply().plusSeconds(30),
                        this::on),
                bus.subscribeBroadcast(EventKeys.INPUT_STREAM_INTERRUPTED, GROUP, inFlight::onInterrupted),
                bus.subscribeBroadcast(EventKeys.TOOLS_REGISTRY_UPDATED, GROUP, catalogue::onCatalogue),
                bus.subscribeBroadcast(EventKeys.TOOLS_EXECUTION_COMPLETED, GROUP, tools::onResult),
                bus.subscribeBroadcast(EventKeys.TOOLS_EXECUTION_FAILED, GROUP, tools::onResult)));
        // every frame of every stream reaches every instance: only worth it when some provider looks at them
        if (properties.providersInUse().stream().anyMatch(properties::imagesOf)) {
            subscriptions.add(bus.subscribeBroadcast(EventKeys.INPUT_VIDEO_FRAME, GROUP, frames::onFrame));
        }
        return subscriptions;
    }
}
