package dev.janus.memory.facts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the configured OpenAI-compatible chat model for the facts a message states, for phrasings no rule knows. The
 * model's answer is read leniently (a JSON array of {@code {"attribute","value"}}, bare or inside a {@code ```json}
 * fence, or an object holding it under {@code facts}); attributes are mapped onto the {@link FactAttributes}
 * vocabulary. Whenever the model fails — timeout, connection or HTTP error, an answer that is not such JSON — the
 * message's facts come from the {@linkplain RuleBasedFactExtractor rules} instead and a warning is logged, so a message
 * never loses its facts and the handler never fails. At most {@value #MAX_TEXT} characters are sent and
 * {@value #MAX_FACTS} facts of at most {@value #MAX_VALUE} characters accepted.
 * <p>
 * A message is recorded twice (from {@code input.message.received} and from its context request) and again when
 * redelivered; fact ids derive from the facts, so the same text must give the same facts each time. The extractor
 * therefore remembers its last {@value #REMEMBERED} answers by text (fallbacks included) and lets concurrent calls for
 * one text share one request. Thread-safe.
 */
public final class LlmFactExtractor implements FactExtractor {

    static final int MAX_TEXT = 4_000;
    static final int MAX_FACTS = 20;
    static final int MAX_VALUE = 200;
    static final int REMEMBERED = 1_000;
    private static final int MAX_ATTRIBUTE = 60;

    static final String SYSTEM_PROMPT = """
            You extract long-term personal facts that the user states about themselves in their message.
            Answer with a JSON array only, no prose: [{"attribute": "...", "value": "..."}]. Answer [] when the \
            message states no such fact (questions, requests, small talk, facts about other people).
            Use these attributes where they fit: name, location (the city or place they live in now), hometown \
            (where they come from), employer, job (occupation), age (a number), likes, dislikes, preference, \
            note (anything they ask to be remembered that fits nothing else). For other facts use a short \
            lower-case noun phrase, e.g. "favourite colour", "partner", "pet", "birthday".
            One fact per item; several items may share likes, dislikes, preference or note. Values are short, as \
            the user wrote them, without a leading "I" or "my": "Lisbon", "software engineer", "hiking".""";

    private static final Logger log = LoggerFactory.getLogger(LlmFactExtractor.class);
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*(.*?)```", Pattern.DOTALL);

    private final ChatCompletionsClient model;
    private final FactExtractor fallback;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, CompletableFuture<List<ExtractedFact>>> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<List<ExtractedFact>>> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param endpoint the chat model asked
     * @param timeout how long one extraction may wait for the model
     * @param fallback the extractor used whenever the model gives no usable answer
     */
    public LlmFactExtractor(OpenAiChatEndpoint endpoint, Duration timeout, FactExtractor fallback) {
        this.model = new ChatCompletionsClient(endpoint, timeout);
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

    private List<ExtractedFact> ask(String text) {
        try {
            return factsIn(model.complete(SYSTEM_PROMPT, text));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("LLM fact extraction was interrupted; using the rule-based extractor for this message");
        }
        catch (RuntimeException e) {
            // the message names the cause (timeout, HTTP status and the server's error, unreadable answer), never the text
            log.warn("LLM fact extraction failed ({}); using the rule-based extractor for this message",
                    e.getMessage());
        }
        return fallback.extract(text);
    }

    /**
     * The facts in the model's answer.
     *
     * @throws IllegalArgumentException when the answer holds no JSON array of facts
     */
    List<ExtractedFact> factsIn(String answer) {
        JsonNode items = arrayIn(answer);
        Map<String, ExtractedFact> found = new LinkedHashMap<>();
        for (JsonNode item : items) {
            if (found.size() == MAX_FACTS) {
                break;
            }
            JsonNode attributeNode = item.path("attribute");
            JsonNode valueNode = item.path("value");
            if (!attributeNode.isString() || !(valueNode.isString() || valueNode.isNumber() || valueNode.isBoolean())) {
                continue;
            }
            String attribute = FactAttributes.canonicalAttribute(attributeNode.asString());
            String value = valueNode.asString().strip().replaceAll("\\s+", " ");
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

    private JsonNode arrayIn(String answer) {
        String candidate = answer.strip();
        Matcher fence = FENCE.matcher(candidate);
        if (fence.find()) {
            candidate = fence.group(1).strip();
        }
        JsonNode parsed = null;
        int start = candidate.indexOf('[');
        int end = candidate.lastIndexOf(']');
        if (candidate.startsWith("{")) {
            parsed = readTree(candidate).path("facts");
        }
        else if (start >= 0 && end > start) {
            parsed = readTree(candidate.substring(start, end + 1));
        }
        if (parsed == null || !parsed.isArray()) {
            throw new IllegalArgumentException("the model's answer holds no JSON array of facts");
        }
        return parsed;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        }
        catch (JacksonException e) {
            // Jackson's message quotes the answer, which may quote the user: say only where it broke
            throw new IllegalArgumentException("the model's answer is not valid JSON (at "
                    + e.getLocation() + ")", e);
        }
    }
}
