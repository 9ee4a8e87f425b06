package dev.janus.memory;

import java.time.Duration;
import java.time.ZoneId;

import dev.janus.models.ChatModels;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of memory, under {@code janus.memory}. Every value has a default; a bad value fails
 * start-up with a message naming the property and its allowed range.
 *
 * @param recentTurns how many of a stream's latest turns a context carries (default 10; 0..100)
 * @param maxFacts how many of the user's facts a context carries, most relevant first (default 20; 1..1000)
 * @param recallBudget how long semantic recall may take when a context is requested; past it the context is
 *        answered with recent turns and facts only (default 500ms; 10ms..10s; keep it well inside
 *        {@code janus.orchestrator.join-timeout})
 * @param recall the ranking of recalled items
 * @param patterns when recurring topics, repeated questions and routine times are reported
 * @param consolidation merging, summarising and expiring
 * @param maxItemsPerUser the most items one user's recall index holds; consolidation expires the oldest beyond it
 *        (default 200000; 1..5000000)
 * @param modelCacheDir where the tokenizer of the embedding model ({@code janus.embeddings.model}) unpacks its native
 *        library when {@code DJL_CACHE_DIR} is not set
 *        (default {@code <java.io.tmpdir>/janus-djl-cache})
 * @param facts how facts are extracted from what users say
 */
@ConfigurationProperties("janus.memory")
public record MemoryProperties(@DefaultValue("10") Integer recentTurns,
        @DefaultValue("20") Integer maxFacts, @DefaultValue("500ms") Duration recallBudget,
        Recall recall, Patterns patterns, Consolidation consolidation,
        @DefaultValue("200000") Integer maxItemsPerUser, String modelCacheDir,
        Facts facts) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public MemoryProperties {
        recentTurns = inRange("janus.memory.recent-turns", recentTurns, 10, 0, 100);
        maxFacts = inRange("janus.memory.max-facts", maxFacts, 20, 1, 1_000);
        recallBudget = within("janus.memory.recall-budget", recallBudget, Duration.ofMillis(500),
                Duration.ofMillis(10), Duration.ofSeconds(10));
        recall = recall == null ? new Recall(null, null, null, null, null) : recall;
        patterns = patterns == null ? new Patterns(null, null, null, null, null) : patterns;
        consolidation = consolidation == null ? new Consolidation(null, null, null, null, null) : consolidation;
        maxItemsPerUser = inRange("janus.memory.max-items-per-user", maxItemsPerUser, 200_000, 1, 5_000_000);
        modelCacheDir = modelCacheDir == null || modelCacheDir.isBlank()
                ? System.getProperty("java.io.tmpdir") + "/janus-djl-cache"
                : modelCacheDir;
        facts = facts == null ? new Facts(null, null, null) : facts;
    }

    /** Every default. */
    public static MemoryProperties defaults() {
        return new MemoryProperties(null, null, null, null, null, null, null, null, null);
    }

    /** These properties with other consolidation settings. */
    public MemoryProperties withConsolidation(Consolidation other) {
        return new MemoryProperties(recentTurns, maxFacts, recallBudget, recall, patterns, other, maxItemsPerUser,
                modelCacheDir, facts);
    }

    /** These properties with other pattern settings. */
    public MemoryProperties withPatterns(Patterns other) {
        return new MemoryProperties(recentTurns, maxFacts, recallBudget, recall, other, consolidation, maxItemsPerUser,
                modelCacheDir, facts);
    }

    /**
     * How recalled items are ranked: {@code score = similarity × ((1 − recencyWeight) + recencyWeight × 2^(−age / halfLife))}.
     *
     * @param halfLife the age at which an item's recency bonus halves (default 30d; 1m..3650d)
     * @param recencyWeight how much recency counts against similarity (default 0.2; 0..1)
     * @param minSimilarity the lowest cosine similarity an item needs to be recalled at all (default 0.25; -1..1)
     * @param maxUsersInHeap users whose recall index this instance keeps in its heap (default 5000); past it the
     *        least recently used are dropped and load again from the store when next needed
     * @param embeddingWait how long a user's message ({@code input.message.received}) waits for its context request,
     *        which carries the orchestrator's embedding of it, before memory embeds it itself (default 2s; 0..1m; 0
     *        embeds at once). Its history and facts are recorded at once, and a service that stops embeds what
     *        still waits
     */
    public record Recall(@DefaultValue("30d") Duration halfLife,
            @DefaultValue("0.2") Double recencyWeight, @DefaultValue("0.25") Double minSimilarity,
            @DefaultValue("5000") Integer maxUsersInHeap,
            @DefaultValue("2s") Duration embeddingWait) {

        // bound through this constructor: with several constructors and none marked, the binder and the configuration
        // processor skipped janus.memory.recall.* altogether (settings were silently ignored)
        @ConstructorBinding
        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Recall {
            halfLife = within("janus.memory.recall.half-life", halfLife, Duration.ofDays(30), Duration.ofMinutes(1),
                    Duration.ofDays(3650));
            recencyWeight = fraction("janus.memory.recall.recency-weight", recencyWeight, 0.2, 0.0);
            minSimilarity = fraction("janus.memory.recall.min-similarity", minSimilarity, 0.25, -1.0);
            maxUsersInHeap = inRange("janus.memory.recall.max-users-in-heap", maxUsersInHeap, 5_000, 1, 10_000_000);
            embeddingWait = within("janus.memory.recall.embedding-wait", embeddingWait, Duration.ofSeconds(2),
                    Duration.ZERO, Duration.ofMinutes(1));
        }

        /** Ranking settings with the default bound on users in the heap. */
        public Recall(@Nullable Duration halfLife, @Nullable Double recencyWeight, @Nullable Double minSimilarity) {
            this(halfLife, recencyWeight, minSimilarity, null, null);
        }

        /** Ranking settings with the default embedding wait. */
        public Recall(@Nullable Duration halfLife, @Nullable Double recencyWeight, @Nullable Double minSimilarity,
                @Nullable Integer maxUsersInHeap) {
            this(halfLife, recencyWeight, minSimilarity, maxUsersInHeap, null);
        }
    }

    /**
     * When patterns are reported ({@code memory.pattern.detected}); each is reported once per level it reaches: the
     * threshold, then twice, four times the threshold, ...
     *
     * @param topicThreshold messages a content word must appear in to be a recurring topic (default 3; 2..1000)
     * @param questionThreshold times a question must be asked to be a repeated question (default 2; 2..1000)
     * @param questionSimilarity cosine similarity at which two questions count as the same (default 0.85; 0..1)
     * @param routineDays distinct days with messages in the same hour that make a routine time (default 3; 2..365)
     * @param zone the time zone of routine hours (default UTC)
     */
    public record Patterns(@DefaultValue("3") Integer topicThreshold,
            @DefaultValue("2") Integer questionThreshold,
            @DefaultValue("0.85") Double questionSimilarity, @DefaultValue("3") Integer routineDays,
            @DefaultValue("UTC") ZoneId zone) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Patterns {
            topicThreshold = inRange("janus.memory.patterns.topic-threshold", topicThreshold, 3, 2, 1_000);
            questionThreshold = inRange("janus.memory.patterns.question-threshold", questionThreshold, 2, 2, 1_000);
            questionSimilarity = fraction("janus.memory.patterns.question-similarity", questionSimilarity, 0.85, 0.0);
            routineDays = inRange("janus.memory.patterns.routine-days", routineDays, 3, 2, 365);
            zone = zone == null ? ZoneId.of("UTC") : zone;
        }
    }

    /**
     * Consolidation, on a schedule and on demand.
     *
     * @param enabled whether the schedule runs (default true; on-demand runs work either way)
     * @param interval time between scheduled runs (default 1h; 1s..7d)
     * @param summaryWindow turns older than this are folded into one extractive summary per stream (default 7d; 1s..3650d)
     * @param summaryMinTurns the fewest old turns worth a summary (default 4; 1..10000)
     * @param retention history items and recall items older than this are deleted (default 365d; 1s..36500d; longer
     *        than the summary window)
     */
    public record Consolidation(@DefaultValue("true") Boolean enabled,
            @DefaultValue("1h") Duration interval, @DefaultValue("7d") Duration summaryWindow,
            @DefaultValue("4") Integer summaryMinTurns, @DefaultValue("365d") Duration retention) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Consolidation {
            enabled = enabled == null || enabled;
            interval = within("janus.memory.consolidation.interval", interval, Duration.ofHours(1), Duration.ofSeconds(1),
                    Duration.ofDays(7));
            summaryWindow = within("janus.memory.consolidation.summary-window", summaryWindow, Duration.ofDays(7),
                    Duration.ofSeconds(1), Duration.ofDays(3650));
            summaryMinTurns = inRange("janus.memory.consolidation.summary-min-turns", summaryMinTurns, 4, 1, 10_000);
            retention = within("janus.memory.consolidation.retention", retention, Duration.ofDays(365),
                    Duration.ofSeconds(1), Duration.ofDays(36_500));
            if (retention.compareTo(summaryWindow) <= 0) {
                throw new IllegalArgumentException("janus.memory.consolidation.retention must be longer than "
                        + "janus.memory.consolidation.summary-window, but was " + retention + " <= " + summaryWindow);
            }
        }
    }

    /**
     * Fact extraction.
     *
     * @param extractor {@code rules} (the default: the offline rule-based extractor) or {@code llm} (ask a chat model
     *        through Spring AI with structured output, falling back to the rules for a message whenever the model
     *        fails)
     * @param llmTimeout how long one extraction may wait for the model before the rules are used instead (default 5s;
     *        100ms..60s)
     * @param provider the model asked with {@code extractor=llm}: {@code openai} (any OpenAI-compatible API),
     *        {@code ollama} or {@code anthropic}, connected with Spring AI's {@code spring.ai.<provider>.*} settings,
     *        as the LLM component is (default: {@code janus.llm.provider} when it names one of these, else
     *        {@code openai})
     */
    public record Facts(@DefaultValue("rules") String extractor,
            @DefaultValue("5s") Duration llmTimeout, @Nullable String provider) {

        /** The offline rule-based extractor. */
        public static final String RULES = "rules";

        /** The extractor asking a chat model. */
        public static final String LLM = "llm";

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Facts {
            extractor = extractor == null || extractor.isBlank() ? RULES : extractor.strip();
            if (!extractor.equals(RULES) && !extractor.equals(LLM)) {
                throw new IllegalArgumentException("janus.memory.facts.extractor must be 'rules' or 'llm', but was '"
                        + extractor + "'");
            }
            llmTimeout = within("janus.memory.facts.llm-timeout", llmTimeout, Duration.ofSeconds(5),
                    Duration.ofMillis(100), Duration.ofSeconds(60));
            provider = provider == null || provider.isBlank() ? null : provider.strip();
            if (provider != null && !ChatModels.PROVIDERS.contains(provider)) {
                throw new IllegalArgumentException("janus.memory.facts.provider must be 'openai', 'ollama' or "
                        + "'anthropic', but was '" + provider + "'");
            }
        }

        /** The provider asked: {@code provider}, else {@code llmProvider} when it is a model provider, else openai. */
        public String providerOr(@Nullable String llmProvider) {
            if (provider != null) {
                return provider;
            }
            return llmProvider != null && ChatModels.PROVIDERS.contains(llmProvider) ? llmProvider : ChatModels.OPENAI;
        }
    }

    private static double fraction(String property, @Nullable Double value, double fallback, double min) {
        double actual = value == null ? fallback : value;
        if (!(actual >= min && actual <= 1.0)) {
            throw new IllegalArgumentException(property + " must be " + min + "..1, but was " + actual);
        }
        return actual;
    }
}
