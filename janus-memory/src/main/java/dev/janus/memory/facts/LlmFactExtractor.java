package dev.janus.memory.facts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.models.ModelFailure;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * Asks the configured chat model for the facts a message states, for phrasings no rule knows, through Spring AI's
 * {@link ChatClient} with structured output: the JSON Schema of {@link Answer} goes to the provider as its own
 * structured-output parameter (OpenAI-compatible {@code response_format}, Ollama {@code format}, Anthropic
 * {@code output_config}), at temperature 0, and the answer is read into it by Spring AI's converter; attributes are
 * then mapped onto the {@link FactAttributes} vocabulary. Whenever the model fails — timeout, connection or HTTP error,
 * an answer that is not that JSON — the message's facts come from the {@linkplain RuleBasedFactExtractor rules}
 * instead and a warning is logged (naming the cause, never the text), so a message never loses its facts and the
 * handler never fails. At most {@value #MAX_TEXT} characters are sent and {@value FactExtractor#MAX_FACTS} facts of
 * at most {@value #MAX_VALUE} characters accepted; the whole call is bounded by the timeout.
 * <p>
 * A message is recorded twice (from {@code input.message.received} and from its context request) and again when
 * redelivered; fact ids derive from the facts, so the same text must give the same facts each time. The extractor
 * therefore remembers its last {@value #REMEMBERED} answers by text (fallbacks included) and lets concurrent calls for
 * one text share one request; {@link #clearCache()} forgets them all when a user is erased. Thread-safe.
 */
public final class LlmFactExtractor implements FactExtractor, AutoCloseable {

    static final int MAX_TEXT = 4_000;
    static final int MAX_VALUE = 200;
    static final int REMEMBERED = 1_000;
    private static final int MAX_ATTRIBUTE = 60;

    static final String SYSTEM_PROMPT = """
            You extract long-term personal facts that the user states about themselves in their message.
            Answer with the JSON object asked for, no prose: {"facts": [{"attribute": "...", "value": "..."}]}, with \
            an empty list when the message states no such fact (questions, requests, small talk, facts about other \
            people).
            Use these attributes where they fit: name, location (the city or place they live in now), hometown \
            (where they come from), employer, job (occupation), age (a number), likes, dislikes, preference, \
            note (anything they ask to be remembered that fits nothing else). For other facts use a short \
            lower-case noun phrase, e.g. "favourite colour", "partner", "pet", "birthday".
            One fact per item; several items may share likes, dislikes, preference or note. Values are short, as \
            the user wrote them, without a leading "I" or "my": "Lisbon", "software engineer", "hiking".""";

    private static final Logger log = LoggerFactory.getLogger(LlmFactExtractor.class);

    private final ChatClient client;
    private final Duration timeout;
    private final FactExtractor fallback;
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "janus-fact-extraction");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, CompletableFuture<List<ExtractedFact>>> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<List<ExtractedFact>>> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param model the chat model asked (any provider; its client's own timeout should be {@code timeout} too)
     * @param observations where Spring AI records the calls
     * @param timeout how long one extraction may wait for the model
     * @param fallback the extractor used whenever the model gives no usable answer
     */
    public LlmFactExtractor(ChatModel model, ObservationRegistry observations, Duration timeout,
            FactExtractor fallback) {
        this.client = ChatClient.create(model, observations);
        this.timeout = timeout;
        this.fallback = fallback;
    }

    @Override
    public List<ExtractedFact> extract(String text) {
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        if (bounded.isBlank()) {
            return List.of();
        }
        CompletableFuture<List<ExtractedFact>> answer;
        boolean mine = false;
        synchronized (answers) {
            answer = answers.get(bounded);
            if (answer == null) {
                answer = new CompletableFuture<>();
                answers.put(bounded, answer);
                mine = true;
            }
        }
        if (mine) {
            answer.complete(ask(bounded));
        }
        try {
            return answer.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback.extract(bounded);
        }
        catch (ExecutionException e) {
            // ask never completes exceptionally; kept total all the same
            return fallback.extract(bounded);
        }
    }

    /** Forgets every remembered text and its facts (a user who asked to be forgotten may have said them). */
    @Override
    public void clearCache() {
        synchronized (answers) {
            answers.clear();
        }
    }

    private List<ExtractedFact> ask(String text) {
        Future<@Nullable Answer> call = calls.submit(() -> client.prompt().options(ChatOptions.builder().temperature(0.0))
                .system(SYSTEM_PROMPT)
                .user(text).call().entity(Answer.class, entity -> entity.useProviderStructuredOutput()));
        try {
            return factsIn(call.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        catch (IllegalArgumentException e) {
            log.warn("LLM fact extraction failed ({}); using the rule-based extractor for this message",
                    e.getMessage());
        }
        catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            log.warn("LLM fact extraction was interrupted; using the rule-based extractor for this message");
        }
        catch (TimeoutException e) {
            call.cancel(true);
            log.warn("LLM fact extraction failed (no answer within {} ms); using the rule-based extractor for this "
                    + "message", timeout.toMillis());
        }
        catch (ExecutionException e) {
            log.warn("LLM fact extraction failed ({}); using the rule-based extractor for this message",
                    reason(e.getCause() == null ? e : e.getCause()));
        }
        return fallback.extract(text);
    }

    /** Why the call failed: the model's client's reason, or an answer that is not the JSON asked for. */
    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JacksonException) {
                // Jackson's message quotes the answer, which may quote the user: only what was wrong
                return "the model's answer is not the JSON asked for";
            }
        }
        return ModelFailure.of(failure).description();
    }

    /** The facts of the model's answer, mapped onto the vocabulary, capped, one value per single-valued attribute. */
    static List<ExtractedFact> factsIn(@Nullable Answer answer) {
        if (answer == null || answer.facts() == null) {
            throw new IllegalArgumentException("the model's answer holds no facts list");
        }
        Map<String, ExtractedFact> found = new LinkedHashMap<>();
        for (Answer.Item item : answer.facts()) {
            if (found.size() == MAX_FACTS) {
                break;
            }
            if (item == null || item.attribute() == null || item.value() == null) {
                continue;
            }
            String attribute = FactAttributes.canonicalAttribute(item.attribute());
            String value = collapseWhitespace(item.value());
            if (attribute.isEmpty() || attribute.length() > MAX_ATTRIBUTE || value.isEmpty()
                    || value.length() > MAX_VALUE) {
                continue;
            }
            String key = FactAttributes.singleValued(attribute) ? attribute
                    : attribute + "\u0000" + FactAttributes.normalisedValue(value);
            found.putIfAbsent(key, new ExtractedFact(attribute, value));
        }
        return List.copyOf(new ArrayList<>(found.values()));
    }

    private static String collapseWhitespace(String value) {
        StringBuilder collapsed = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                space = collapsed.length() > 0;
            }
            else {
                if (space) {
                    collapsed.append(' ');
                    space = false;
                }
                collapsed.append(c);
            }
        }
        return collapsed.toString();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /**
     * What the model is asked to answer; its JSON Schema is the structured output requested.
     *
     * @param facts the facts the message states, none for questions and small talk
     */
    record Answer(@Nullable List<Item> facts) {

        /**
         * One fact.
         *
         * @param attribute what it is about, e.g. {@code location}
         * @param value what the user said it is
         */
        record Item(@Nullable String attribute, @Nullable String value) {
        }
    }
}
