package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.janus.models.ChatModels;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of the LLM component, under {@code janus.llm}. Connection settings of each provider are Spring
 * AI's own ({@code spring.ai.openai.*}, {@code spring.ai.ollama.*}, {@code spring.ai.anthropic.*}); these say which
 * providers answer, in what order, and how hard Janus tries.
 *
 * @param enabled whether this instance runs the LLM component, consumer group {@code janus-llm} (default true)
 * @param provider which provider answers: {@code offline} (default; the {@link OfflineResponder}, no model),
 *        {@code openai} (any OpenAI-compatible chat API), {@code ollama}, {@code anthropic}
 * @param fallback providers tried in order when the chosen one fails (after its retries, or with its breaker
 *        open); {@code offline} always ends the chain (default none: straight to offline)
 * @param variants A/B routing: when set, each stream is routed to one variant by weight (sticky per stream),
 *        instead of to {@code provider}
 * @param timeout longest time one attempt of a provider may take to stream its reply (default 60s; 100ms..10m)
 * @param tokenBudget the prompt's token budget when a provider sets none (default 8000; 64..2,000,000)
 * @param providers per-provider settings by provider name ({@code timeout}, {@code token-budget}, {@code tools},
 *        {@code images})
 * @param retry retries of a failed attempt
 * @param circuitBreaker the breaker per provider
 * @param maxToolRounds how many times one reply may call tools and go back to the model (default 3; 0 offers no
 *        tools)
 * @param toolTimeout how long a tool round waits for the tools' results (default 30s; 100ms..10m)
 * @param delta how token deltas are coalesced into {@code llm.response.delta} events
 * @param images how many latest video frames are kept, and how old one may be, to show to providers that take images
 */
@ConfigurationProperties("janus.llm")
public record LlmProperties(@DefaultValue("true") Boolean enabled,
        @DefaultValue("offline") String provider, @DefaultValue List<String> fallback,
        @DefaultValue List<Variant> variants, @DefaultValue("60s") Duration timeout,
        @DefaultValue("8000") Integer tokenBudget, Map<String, ProviderSettings> providers,
        Retry retry, CircuitBreaker circuitBreaker,
        @DefaultValue("3") Integer maxToolRounds, @DefaultValue("30s") Duration toolTimeout,
        Delta delta, Images images) {

    /** The providers Janus knows; their connection settings are Spring AI's. */
    public static final Set<String> MODEL_PROVIDERS = ChatModels.PROVIDERS;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public LlmProperties {
        enabled = enabled == null || enabled;
        provider = provider == null ? OfflineResponder.PROVIDER : provider;
        requireName("janus.llm.provider", provider);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
        fallback.forEach(name -> requireName("janus.llm.fallback[]", name));
        variants = variants == null ? List.of() : List.copyOf(variants);
        Set<String> variantNames = new HashSet<>();
        for (Variant variant : variants) {
            if (!variantNames.add(variant.name())) {
                throw new IllegalArgumentException("janus.llm.variants names '" + variant.name()
                        + "' twice; give every variant its own name");
            }
        }
        timeout = within("janus.llm.timeout", timeout, Duration.ofSeconds(60), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        tokenBudget = inRange("janus.llm.token-budget", tokenBudget, 8_000, 64, 2_000_000);
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        providers.keySet().forEach(name -> requireName("janus.llm.providers.<name>", name));
        retry = retry == null ? new Retry(null, null, null) : retry;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null) : circuitBreaker;
        maxToolRounds = inRange("janus.llm.max-tool-rounds", maxToolRounds, 3, 0, 20);
        toolTimeout = within("janus.llm.tool-timeout", toolTimeout, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        delta = delta == null ? new Delta(null, null) : delta;
        images = images == null ? new Images(null, null) : images;
    }

    /** Every default. */
    public static LlmProperties defaults() {
        return new LlmProperties(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These properties with another {@code provider}. */
    public LlmProperties withProvider(String newProvider) {
        return new LlmProperties(enabled, newProvider, fallback, variants, timeout, tokenBudget, providers, retry,
                circuitBreaker, maxToolRounds, toolTimeout, delta, images);
    }

    /** The attempt timeout of {@code providerName}. */
    public Duration timeoutOf(String providerName) {
        ProviderSettings settings = providers.get(providerName);
        return settings != null && settings.timeout() != null ? settings.timeout() : timeout;
    }

    /** The prompt token budget of {@code providerName}. */
    public int tokenBudgetOf(String providerName) {
        ProviderSettings settings = providers.get(providerName);
        return settings != null && settings.tokenBudget() != null ? settings.tokenBudget() : tokenBudget;
    }

    /** Whether {@code providerName} is offered the tool catalogue (function calling). */
    public boolean toolsOf(String providerName) {
        ProviderSettings settings = providers.get(providerName);
        return maxToolRounds > 0 && (settings == null || settings.tools() == null || settings.tools());
    }

    /** Whether {@code providerName} is shown the latest video frame of the stream (default false). */
    public boolean imagesOf(String providerName) {
        ProviderSettings settings = providers.get(providerName);
        return settings != null && Boolean.TRUE.equals(settings.images());
    }

    /**
     * The longest one reply may take, which the bus's handler timeout of the LLM component must exceed: every
     * provider of the chain making all its attempts (each up to its timeout, with the longest backoff between
     * them), once per model round (the first and one per tool round), plus each tool round's wait for its tools.
     */
    public Duration worstCaseReply() {
        Duration chain = Duration.ZERO;
        for (String name : providersInUse()) {
            chain = chain.plus(timeoutOf(name).multipliedBy(retry.maxAttempts()))
                    .plus(retry.maxBackoff().multipliedBy(retry.maxAttempts() - 1L));
        }
        return chain.multipliedBy(maxToolRounds + 1L).plus(toolTimeout.multipliedBy(maxToolRounds));
    }

    /**
     * Whether the offline responder answers first for some stream: it is {@code janus.llm.provider} (without
     * variants) or a variant's provider, rather than only the end of every chain, which answers when each model
     * failed. It is the only responder that reads the message's intent, so the orchestrator's join waits for the
     * intent only when this is true (unless {@code janus.orchestrator.branches.intent} says otherwise).
     */
    public boolean offlineResponderFirst() {
        return variants.isEmpty() ? OfflineResponder.PROVIDER.equals(provider)
                : variants.stream().anyMatch(variant -> OfflineResponder.PROVIDER.equals(variant.provider()));
    }

    /** Every provider some route may use, offline last: the provider or the variants' providers, then the fallbacks. */
    public List<String> providersInUse() {
        Set<String> names = new LinkedHashSet<>();
        if (variants.isEmpty()) {
            names.add(provider);
        }
        variants.forEach(variant -> names.add(variant.provider()));
        names.addAll(fallback);
        names.remove(OfflineResponder.PROVIDER);
        List<String> inUse = new ArrayList<>(names);
        inUse.add(OfflineResponder.PROVIDER);
        return inUse;
    }

    private static void requireName(String property, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must be 1..64 lower-case letters, digits and dashes "
                    + "(offline, openai, ollama, anthropic), but was '" + value + "'");
        }
    }

    /**
     * One arm of an A/B test.
     *
     * @param name recorded on the event ({@code variant}) and as the metric tag
     * @param provider the provider that serves it
     * @param model the model to ask for, overriding the provider's configured one (optional)
     * @param weight its share of the streams, relative to the others' (default 1; 0 takes no new streams)
     */
    public record Variant(String name, String provider, @Nullable String model, Integer weight) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Variant {
            requireName("janus.llm.variants[].name", name == null ? "" : name);
            requireName("janus.llm.variants[].provider", provider == null ? "" : provider);
            weight = inRange("janus.llm.variants[" + name + "].weight", weight, 1, 0, 1_000_000);
        }
    }

    /**
     * Settings of one provider.
     *
     * @param timeout its attempt timeout (default {@code janus.llm.timeout})
     * @param tokenBudget its prompt token budget (default {@code janus.llm.token-budget})
     * @param tools whether it is offered the tools (default true; false for servers without function calling)
     * @param images whether the stream's latest video frame is attached to the current user message (default false;
     *        true only for vision models, a text-only model rejects or ignores the image)
     */
    public record ProviderSettings(@Nullable Duration timeout, @Nullable Integer tokenBudget, @Nullable Boolean tools,
            @Nullable Boolean images) {

        public ProviderSettings {
            if (timeout != null) {
                within("janus.llm.providers.<name>.timeout", timeout, timeout, Duration.ofMillis(100),
                        Duration.ofMinutes(10));
            }
            if (tokenBudget != null) {
                inRange("janus.llm.providers.<name>.token-budget", tokenBudget, 0, 64, 2_000_000);
            }
        }
    }

    /**
     * Retries of a provider's attempt that failed before any text was streamed: on 429 (waiting what
     * {@code Retry-After} says, up to {@code maxBackoff}), 5xx, and connection refused or reset.
     *
     * @param maxAttempts attempts in all (default 3; 1..10)
     * @param initialBackoff wait before the second attempt, doubling after (default 200ms)
     * @param maxBackoff longest wait, also the cap on {@code Retry-After} (default 10s)
     */
    public record Retry(@DefaultValue("3") Integer maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("10s") Duration maxBackoff) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Retry {
            maxAttempts = inRange("janus.llm.retry.max-attempts", maxAttempts, 3, 1, 10);
            initialBackoff = within("janus.llm.retry.initial-backoff", initialBackoff, Duration.ofMillis(200),
                    Duration.ZERO, Duration.ofMinutes(1));
            maxBackoff = within("janus.llm.retry.max-backoff", maxBackoff, Duration.ofSeconds(10), initialBackoff,
                    Duration.ofMinutes(5));
        }
    }

    /**
     * The circuit breaker of each provider (Resilience4j, count-based window): while open, requests skip the
     * provider and go down the fallback chain at once.
     *
     * @param failureRateThreshold % of failed attempts that opens it (default 50; 1..100)
     * @param minimumNumberOfCalls attempts before the rate counts (default 5; 1..1000)
     * @param slidingWindowSize attempts the rate is computed over (default 10; 1..1000)
     * @param waitInOpenState how long it stays open before letting a probe through (default 30s)
     */
    public record CircuitBreaker(@DefaultValue("50") Integer failureRateThreshold,
            @DefaultValue("5") Integer minimumNumberOfCalls,
            @DefaultValue("10") Integer slidingWindowSize,
            @DefaultValue("30s") Duration waitInOpenState) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public CircuitBreaker {
            failureRateThreshold = inRange("janus.llm.circuit-breaker.failure-rate-threshold", failureRateThreshold,
                    50, 1, 100);
            minimumNumberOfCalls = inRange("janus.llm.circuit-breaker.minimum-number-of-calls", minimumNumberOfCalls,
                    5, 1, 1_000);
            slidingWindowSize = inRange("janus.llm.circuit-breaker.sliding-window-size", slidingWindowSize, 10, 1,
                    1_000);
            waitInOpenState = within("janus.llm.circuit-breaker.wait-in-open-state", waitInOpenState,
                    Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1));
        }
    }

    /**
     * Coalescing of token deltas: the first piece of a reply is published at once (time to first delta matters);
     * after it, pieces are gathered until {@code maxChars} characters or {@code maxDelay} since the last published
     * delta, whichever comes first, checked as tokens arrive, and the rest is published when the reply ends. This
     * bounds the events per reply (a model streaming 100 tokens/s makes ~20 events/s at the default 50ms, not 100).
     *
     * @param maxDelay longest a piece waits while tokens keep arriving (default 50ms; 0 publishes every token)
     * @param maxChars characters that make a delta on their own (default 64; 1..4096)
     */
    public record Delta(@DefaultValue("50ms") Duration maxDelay,
            @DefaultValue("64") Integer maxChars) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Delta {
            maxDelay = within("janus.llm.delta.max-delay", maxDelay, Duration.ofMillis(50), Duration.ZERO,
                    Duration.ofSeconds(10));
            maxChars = inRange("janus.llm.delta.max-chars", maxChars, 64, 1, 4_096);
        }
    }

    /**
     * The latest video frames kept for providers that take images: each instance hears every
     * {@code input.video.frame} (a broadcast) and keeps the newest JPEG per stream in memory.
     *
     * @param maxAge a frame older than this (by its event timestamp) is not attached (default 30s; 1s..1h)
     * @param maxStreams streams whose latest frame is kept; the least recently updated is dropped first (default
     *        1000; 1..100,000). Memory is at most this many frames (each at most janus-input's
     *        {@code max-frame-bytes})
     */
    public record Images(@DefaultValue("30s") Duration maxAge,
            @DefaultValue("1000") Integer maxStreams) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Images {
            maxAge = within("janus.llm.images.max-age", maxAge, Duration.ofSeconds(30), Duration.ofSeconds(1),
                    Duration.ofHours(1));
            maxStreams = inRange("janus.llm.images.max-streams", maxStreams, 1_000, 1, 100_000);
        }
    }
}
