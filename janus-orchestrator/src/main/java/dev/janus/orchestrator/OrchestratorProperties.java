package dev.janus.orchestrator;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.janus.events.vocabulary.IntentNames;
import dev.janus.orchestrator.intent.IntentDefinition;
import dev.janus.orchestrator.llm.LlmProperties;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.readable;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of the orchestrator, under {@code janus.orchestrator}. Every value has a default; a
 * bad value fails start-up with a message naming the property and its allowed range.
 *
 * @param joinTimeout how long the join of a message waits for its branches (memory, tools) before it
 *        requests the LLM with what arrived (default 2s; 10ms..5m)
 * @param joinRetention how long a finished join is kept, so the reply can carry its tool results and a
 *        repeated arrival is recognised (default 5m; longer than the join timeout, at most 24h)
 * @param joinPollInterval how often each replica looks for joins whose timeout passed (default 50ms; 1ms..the
 *        join timeout)
 * @param contextMaxItems how many recalled items a context request asks memory for (default 10; 1..100)
 * @param branches which branches are deployed and so waited for
 * @param intents the intents the classifier chooses from, with examples (default: greeting, help, question,
 *        calculation, time, conversion, timer, reminder, remember, chitchat)
 * @param defaultIntent the label when no example is similar enough, or classification failed (default
 *        {@code question})
 * @param intentThreshold the cosine similarity the best example must reach for its label (default 0.45; 0..1)
 * @param classifierThreads threads that classify messages, beside the bus threads (default 2; 1..64)
 * @param modelCacheDir where the tokenizer of the embedding model ({@code janus.embeddings.model}) unpacks its
 *        native library when the {@code DJL_CACHE_DIR} environment variable and system property are both unset (default
 *        {@code <java.io.tmpdir>/janus-djl-cache})
 */
@ConfigurationProperties("janus.orchestrator")
public record OrchestratorProperties(@DefaultValue("2s") Duration joinTimeout,
        @DefaultValue("5m") Duration joinRetention, @DefaultValue("50ms") Duration joinPollInterval,
        @DefaultValue("10") Integer contextMaxItems, Branches branches,
        List<IntentDefinition> intents, @DefaultValue(IntentNames.QUESTION) String defaultIntent,
        @DefaultValue("0.45") Double intentThreshold, @DefaultValue("2") Integer classifierThreads,
        String modelCacheDir) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public OrchestratorProperties {
        joinTimeout = within("janus.orchestrator.join-timeout", joinTimeout, Duration.ofSeconds(2),
                Duration.ofMillis(10), Duration.ofMinutes(5));
        joinRetention = joinRetention == null ? Duration.ofMinutes(5) : joinRetention;
        if (joinRetention.compareTo(joinTimeout) <= 0 || joinRetention.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("janus.orchestrator.join-retention must be longer than "
                    + "janus.orchestrator.join-timeout (" + readable(joinTimeout) + ") and at most 24h, but was "
                    + readable(joinRetention));
        }
        joinPollInterval = within("janus.orchestrator.join-poll-interval", joinPollInterval, Duration.ofMillis(50),
                Duration.ofMillis(1), joinTimeout);
        contextMaxItems = inRange("janus.orchestrator.context-max-items", contextMaxItems, 10, 1, 100);
        branches = branches == null ? new Branches(null, null, null) : branches;
        intents = intents == null || intents.isEmpty() ? defaultIntents() : List.copyOf(intents);
        validate(intents);
        defaultIntent = defaultIntent == null ? IntentNames.QUESTION : defaultIntent;
        if (defaultIntent.isBlank() || defaultIntent.length() > 128) {
            throw new IllegalArgumentException(
                    "janus.orchestrator.default-intent must be 1..128 characters, but was '" + defaultIntent + "'");
        }
        intentThreshold = intentThreshold == null ? 0.45 : intentThreshold;
        if (!(intentThreshold >= 0.0 && intentThreshold <= 1.0)) {
            throw new IllegalArgumentException(
                    "janus.orchestrator.intent-threshold must be 0..1, but was " + intentThreshold);
        }
        classifierThreads = inRange("janus.orchestrator.classifier-threads", classifierThreads, 2, 1, 64);
        modelCacheDir = modelCacheDir == null || modelCacheDir.isBlank()
                ? System.getProperty("java.io.tmpdir") + "/janus-djl-cache"
                : modelCacheDir;
    }

    /** Every default. */
    public static OrchestratorProperties defaults() {
        return new OrchestratorProperties(null, null, null, null, null, null, null, null, null, null);
    }

    /** These properties with other branch settings. */
    public OrchestratorProperties withBranches(boolean memory, boolean tools) {
        return new OrchestratorProperties(joinTimeout, joinRetention, joinPollInterval, contextMaxItems,
                new Branches(memory, tools, branches.intent()), intents, defaultIntent, intentThreshold,
                classifierThreads, modelCacheDir);
    }

    /** These properties with another join timeout and poll interval. */
    public OrchestratorProperties withJoinTimeout(Duration timeout, Duration pollInterval) {
        return new OrchestratorProperties(timeout, joinRetention, pollInterval, contextMaxItems, branches, intents,
                defaultIntent, intentThreshold, classifierThreads, modelCacheDir);
    }

    /** The tools named by the intent with this label; empty for an unknown label. */
    public List<String> toolsOf(String intent) {
        return intents.stream().filter(definition -> definition.name().equals(intent)).findFirst()
                .map(IntentDefinition::tools).orElse(List.of());
    }

    /** These properties with the join told whether to wait for the intent ({@code null}: decided by the responder). */
    public OrchestratorProperties withIntentBranch(@Nullable Boolean intent) {
        return new OrchestratorProperties(joinTimeout, joinRetention, joinPollInterval, contextMaxItems,
                new Branches(branches.memory(), branches.tools(), intent), intents, defaultIntent, intentThreshold,
                classifierThreads, modelCacheDir);
    }

    /**
     * The branches of the fan-out that are deployed. A branch that is off is never asked and never
     * waited for, so a reply does not pay the join timeout for a component that is not there; a branch
     * that is on but down is covered by the timeout.
     *
     * @param memory whether {@code janus-memory} runs: ask it for context and wait for
     *        {@code memory.context.assembled} (default true)
     * @param tools whether {@code janus-tools} runs: request planned tool calls and wait for their results
     *        (default true)
     * @param intent whether the join waits for the message's classification. Unset (the default), it waits only
     *        when the offline responder may answer first ({@link LlmProperties#offlineResponderFirst()}): the models
     *        of the providers never read the intent, and a join that waits for it pays the classification. Without
     *        memory and tools the join always waits for it, as there is nothing else to wait for. The message is
     *        classified (and {@code orchestrator.intent.classified} published) either way
     */
    public record Branches(@DefaultValue("true") Boolean memory,
            @DefaultValue("true") Boolean tools, @Nullable Boolean intent) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Branches {
            memory = memory == null || memory;
            tools = tools == null || tools;
        }

        /** Whether the join waits for the intent, when {@code llm} configures the LLM component. */
        public boolean waitsForIntent(LlmProperties llm) {
            return intent != null ? intent : llm.offlineResponderFirst();
        }
    }

    /** The intents shipped with Janus; {@code janus-orchestrator.yml} lists the same. */
    public static List<IntentDefinition> defaultIntents() {
        return List.of(
                IntentDefinition.of(IntentNames.GREETING, List.of(), "hi", "hello", "hi there", "hey", "good morning",
                        "good evening", "hello Janus, nice to meet you"),
                IntentDefinition.of(IntentNames.HELP, List.of(), "can you help me?", "I need some help",
                        "what can you do?", "how can you help me?", "what are you able to do for me?",
                        "how do I use this?", "what kind of things can you help with?"),
                IntentDefinition.of(IntentNames.QUESTION, List.of(), "what is my name?", "who am I?",
                        "what do you know about me?", "where do I live?", "what did I tell you earlier?",
                        "what's my favourite colour?", "when is my birthday?", "what do I do for a living?",
                        "what is the capital of France?", "who wrote Hamlet?"),
                IntentDefinition.of("calculation", List.of("calculator"), "what is 17 * 23?", "calculate 12 + 30",
                        "how much is 144 divided by 12?", "what's 8 times 9?", "compute 2 to the power of 10",
                        "what is 15% of 80?", "add 5 and 7", "what is 100 - 58?"),
                IntentDefinition.of("time", List.of("datetime"), "what time is it?", "what time is it in Tokyo?",
                        "what's the date today?", "current time in London", "what day is it today?",
                        "what's the time in New York right now?", "what is 9am London time in Tokyo?",
                        "convert 17:30 New York time to Paris time"),
                IntentDefinition.of("conversion", List.of("units"), "convert 5 km to miles", "5 km in miles",
                        "how many feet are in 3 meters?", "100 fahrenheit in celsius",
                        "how many pounds is 10 kilograms?", "convert 2 litres to gallons"),
                IntentDefinition.of("timer", List.of("timer"), "set a timer for 10 minutes",
                        "start a timer for 90 seconds", "set a 5 minute timer", "timer for half an hour",
                        "put on a timer for an hour"),
                IntentDefinition.of("reminder", List.of("reminder"), "remind me in 5 minutes to call Maria",
                        "remind me at 17:30 to leave for the train", "remind me to stretch in 30 minutes",
                        "set a reminder to buy milk at 6pm", "don't let me forget to water the plants"),
                IntentDefinition.of(IntentNames.REMEMBER, List.of(), "my name is Alice", "I'm called Sam",
                        "call me Bob", "remember that I live in Berlin", "I live in Lisbon", "I like green tea",
                        "my favourite colour is blue", "my birthday is on May 3rd", "I work as a nurse",
                        "note that my sister's name is Maria"),
                IntentDefinition.of("chitchat", List.of(), "how are you doing?", "tell me a joke",
                        "what's your favourite movie?", "nice weather today", "I'm bored", "thanks, that was great",
                        "that's funny"));
    }

    private static void validate(List<IntentDefinition> intents) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < intents.size(); i++) {
            IntentDefinition intent = intents.get(i);
            String path = "janus.orchestrator.intents[" + i + "]";
            if (intent.name() == null || intent.name().isBlank() || intent.name().length() > 128) {
                throw new IllegalArgumentException(path + ".name must be 1..128 characters, but was '"
                        + intent.name() + "'");
            }
            if (!names.add(intent.name())) {
                throw new IllegalArgumentException(path + ".name must be unique, but '" + intent.name()
                        + "' appears twice");
            }
            if (intent.examples().isEmpty() || intent.examples().stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(path + ".examples must list at least one non-blank message, but was "
                        + intent.examples());
            }
            if (intent.tools().size() > 32 || intent.tools().stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(path + ".tools must be 0..32 non-blank tool names, but was "
                        + intent.tools());
            }
        }
    }
}
