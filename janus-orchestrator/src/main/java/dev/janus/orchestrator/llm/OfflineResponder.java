package dev.janus.orchestrator.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.janus.events.AssembledContext;
import dev.janus.events.Fact;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import dev.janus.events.ToolResult;
import dev.janus.events.Turn;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default provider: answers without a language model, only from what the request
 * carries, and never invents a fact. In order: it states the tool results (a failed tool says why);
 * for a {@code greeting} or {@code help} intent it says what Janus can help with; for a
 * {@code remember} intent it thanks the user; otherwise it answers from the user's facts whose
 * attribute the question names ("what is my name?" and a fact with attribute {@code name}), from the
 * recent turns when asked what was said, or lists recalled items that share words with the question;
 * failing all that, it says it cannot answer without a language model. Every reply ends by saying
 * plainly that no language model is configured and how to configure one ({@code janus.llm.provider}),
 * and names the branches that did not answer in time. Token counts are whitespace-separated words:
 * of the message and the context and tool results for the prompt, of the reply for the completion.
 * Stateless and thread-safe.
 */
public final class OfflineResponder implements ResponseGenerator {

    /** Its provider name, the default of {@code janus.llm.provider}. */
    public static final String PROVIDER = "offline";

    /** The model name it reports. */
    public static final String MODEL = "offline-responder";

    static final String NO_MODEL = "_No language model is configured, so I answer only from what I remember and "
            + "from tool results. Set `janus.llm.provider` to a model provider for full answers._";

    // what it can do depends on which components run, so it says so rather than promising tools that may be absent
    static final String INTRODUCTION = "Hello! I'm Janus, your AI teammate. I can help with what my tools and "
            + "memory know: arithmetic (\"what is 17 * 23?\"), the time in a city and unit conversions when the "
            + "tools component runs, and what you have told me (\"my name is Sam\", then \"what is my name?\") "
            + "when the memory component runs.";

    static final String CANNOT_ANSWER = "I can't answer that without a language model.";

    private static final Set<String> INTRODUCING_INTENTS = Set.of("greeting", "help");
    private static final String REMEMBER_INTENT = "remember";
    private static final int MAX_RECALLED = 3;
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern ASKS_WHAT_WAS_SAID = Pattern.compile(
            "\\b(what did i (?:say|tell|ask)|what have i (?:said|told)|my last message|did i say|i said earlier)\\b");
    /**
     * Words of natural questions that ask for an attribute memory extracts ({@code janus-memory}'s fact vocabulary)
     * without naming it: each set of words, all present in the question, selects facts of the attribute.
     */
    private static final Map<String, List<Set<String>>> CUES = Map.of(
            "name", List.of(Set.of("called"), Set.of("who", "am", "i")),
            "location", List.of(Set.of("live"), Set.of("where", "living"), Set.of("based"), Set.of("located"),
                    Set.of("home", "city")),
            "hometown", List.of(Set.of("where", "from"), Set.of("grow", "up"), Set.of("grew", "up"),
                    Set.of("born")),
            "employer", List.of(Set.of("work", "where"), Set.of("work", "for"), Set.of("work", "at"),
                    Set.of("employer"), Set.of("company"), Set.of("employed")),
            "job", List.of(Set.of("job"), Set.of("do", "for", "living"), Set.of("occupation"), Set.of("profession"),
                    Set.of("work", "as")),
            "age", List.of(Set.of("how", "old"), Set.of("age")),
            "likes", List.of(Set.of("like"), Set.of("love"), Set.of("enjoy")),
            "dislikes", List.of(Set.of("dislike"), Set.of("hate"), Set.of("don", "like"), Set.of("not", "like")),
            "preference", List.of(Set.of("prefer"), Set.of("preference"), Set.of("preferences")),
            "note", List.of(Set.of("remember"), Set.of("note"), Set.of("notes"), Set.of("reminded")));

    /** Attributes that hold many values at once: every value answers. */
    private static final Set<String> MULTI_VALUED = Set.of("likes", "dislikes", "preference", "note");

    /** Spellings folded before attribute words and question words are compared. */
    private static final Map<String, String> SPELLINGS = Map.of("favorite", "favourite", "color", "colour",
            "favourites", "favourite", "colours", "colour");

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "am", "be",
            "do", "does", "did", "i", "you", "me", "my", "mine", "your", "we", "our", "it", "its", "what", "whats",
            "who", "where", "when", "why", "how", "which", "of", "in", "on", "at", "to", "for", "with", "and", "or",
            "not", "can", "could", "would", "should", "will", "please", "tell", "know", "about", "this", "that",
            "there", "here", "have", "has", "had", "s", "remember", "again");

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public GeneratedResponse generate(LlmRequest request, JanusEvent requestEvent) {
        long started = System.nanoTime();
        String text = reply(request, requestEvent);
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        return new GeneratedResponse(text, PROVIDER, MODEL, words(prompt(request)), words(text), latencyMs);
    }

    private static String reply(LlmRequest request, JanusEvent requestEvent) {
        List<String> paragraphs = new ArrayList<>();
        if (!request.toolResults().isEmpty()) {
            paragraphs.add(describe(request.toolResults()));
        }
        else if (INTRODUCING_INTENTS.contains(request.intent())) {
            paragraphs.add(INTRODUCTION);
        }
        else if (REMEMBER_INTENT.equals(request.intent())) {
            paragraphs.add("Thanks for telling me.");
        }
        else {
            paragraphs.add(fromContext(request, requestEvent).orElse(CANNOT_ANSWER));
        }
        missing(request.missing()).ifPresent(paragraphs::add);
        paragraphs.add(NO_MODEL);
        return String.join("\n\n", paragraphs);
    }

    private static String describe(List<ToolResult> results) {
        List<String> lines = results.stream().map(OfflineResponder::describe).toList();
        if (lines.size() == 1) {
            return lines.get(0);
        }
        return lines.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
    }

    private static String describe(ToolResult result) {
        if (result.succeeded() && result.output() != null) {
            return result.output().strip();
        }
        return "The " + result.toolName() + " tool failed: " + result.error();
    }

    private static Optional<String> fromContext(LlmRequest request, JanusEvent requestEvent) {
        AssembledContext context = request.context();
        String question = request.userMessage().toLowerCase(Locale.ROOT);
        Set<String> questionWords = words(question, false);
        Optional<String> fromFacts = fromFacts(context.facts(), questionWords, requestEvent.context().userId());
        if (fromFacts.isPresent()) {
            return fromFacts;
        }
        if (ASKS_WHAT_WAS_SAID.matcher(question).find()) {
            Optional<String> said = lastUserTurn(context.recentTurns(), request.userMessage(),
                    requestEvent.causationId());
            if (said.isPresent()) {
                return said.map(text -> "Earlier you said: \"" + text + "\"");
            }
        }
        Set<String> contentWords = words(question, true);
        List<String> related = context.recalled().stream()
                .filter(item -> intersects(words(item.text().toLowerCase(Locale.ROOT), true), contentWords))
                .sorted(Comparator.comparingDouble(RecalledItem::score).reversed())
                .limit(MAX_RECALLED)
                .map(item -> "- " + item.text().strip())
                .toList();
        if (related.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CANNOT_ANSWER + " This is what I remember that may be related:\n"
                + String.join("\n", related));
    }

    /**
     * The facts the question asks about: those whose every attribute word the question uses, or whose attribute a
     * natural question names otherwise ({@link #CUES}: "where do I live?" asks for {@code location}). Of an attribute
     * that holds one value the newest fact answers; of likes, dislikes, preferences and notes every value does.
     */
    private static Optional<String> fromFacts(List<Fact> facts, Set<String> questionWords, @Nullable String userId) {
        Set<String> asked = new LinkedHashSet<>();
        questionWords.forEach(word -> asked.add(SPELLINGS.getOrDefault(word, word)));
        Map<String, List<Fact>> matching = new LinkedHashMap<>();
        for (Fact fact : facts) {
            String attribute = fact.attribute().toLowerCase(Locale.ROOT);
            Set<String> attributeWords = new LinkedHashSet<>();
            words(attribute, true).forEach(word -> attributeWords.add(SPELLINGS.getOrDefault(word, word)));
            boolean named = !attributeWords.isEmpty() && asked.containsAll(attributeWords);
            boolean cued = CUES.getOrDefault(attribute, List.of()).stream().anyMatch(asked::containsAll);
            if (named || cued) {
                matching.computeIfAbsent(fact.subject() + "\u0000" + fact.attribute(), key -> new ArrayList<>())
                        .add(fact);
            }
        }
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        List<String> sentences = new ArrayList<>();
        for (List<Fact> group : matching.values()) {
            group.sort(Comparator.comparing(Fact::at));
            Fact newest = group.get(group.size() - 1);
            if (MULTI_VALUED.contains(newest.attribute())) {
                List<String> values = group.stream().map(fact -> fact.value().strip()).distinct().toList();
                sentences.add(sentence(newest, userId, values));
            }
            else {
                sentences.add(sentence(newest, userId, List.of(newest.value().strip())));
            }
        }
        return Optional.of(String.join(" ", sentences));
    }

    /** The answer for one attribute of a fact's subject, in the words people use for it. */
    private static String sentence(Fact fact, @Nullable String userId, List<String> values) {
        boolean own = userId == null || fact.subject().equals(userId);
        String value = list(values);
        if (own) {
            switch (fact.attribute()) {
                case "location":
                    return "You live in " + value + ".";
                case "hometown":
                    return "You are from " + value + ".";
                case "employer":
                    return "You work at " + value + ".";
                case "job":
                    return "You work as " + article(value) + value + ".";
                case "age":
                    return value.chars().allMatch(Character::isDigit) ? "You are " + value + " years old."
                            : "Your age is " + value + ".";
                case "likes":
                    return "You like " + value + ".";
                case "dislikes":
                    return "You don't like " + value + ".";
                case "preference":
                    return "You prefer " + value + ".";
                case "note":
                    return "You asked me to remember: " + String.join("; ", values) + ".";
                default:
                    break;
            }
        }
        return owner(fact, userId) + readable(fact.attribute()) + " is " + value + ".";
    }

    private static String list(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " and " + values.get(values.size() - 1);
    }

    private static String article(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("a ") || lower.startsWith("an ") || lower.startsWith("the ")) {
            return "";
        }
        return lower.isEmpty() || "aeiou".indexOf(lower.charAt(0)) < 0 ? "a " : "an ";
    }

    private static String owner(Fact fact, @Nullable String userId) {
        return userId == null || fact.subject().equals(userId) ? "Your " : fact.subject() + "'s ";
    }

    private static String readable(String attribute) {
        return attribute.replace('_', ' ').replace('-', ' ').strip();
    }

    private static Optional<String> lastUserTurn(List<Turn> turns, String currentMessage,
            @Nullable String currentEventId) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            boolean current = turn.eventId().equals(currentEventId) || turn.text().equals(currentMessage);
            if ("user".equals(turn.role()) && !current && !turn.text().isBlank()) {
                return Optional.of(turn.text().strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> missing(List<String> branches) {
        if (branches.isEmpty()) {
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        if (branches.contains("memory")) {
            notes.add("memory did not answer in time, so I could not use what I remember");
        }
        if (branches.contains("tools")) {
            notes.add("the tools did not answer in time, so some results are missing");
        }
        if (notes.isEmpty()) {
            notes.add(String.join(", ", branches) + " did not answer in time");
        }
        String joined = String.join("; ", notes);
        return Optional.of("(" + Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".)");
    }

    private static String prompt(LlmRequest request) {
        List<String> parts = new ArrayList<>();
        parts.add(request.userMessage());
        request.context().facts().forEach(fact -> parts.add(fact.attribute() + " " + fact.value()));
        request.context().recentTurns().forEach(turn -> parts.add(turn.text()));
        request.context().recalled().forEach(item -> parts.add(item.text()));
        request.toolResults().forEach(result -> parts.add(result.succeeded() ? result.output() : result.error()));
        return String.join(" ", parts);
    }

    /** Whitespace-separated words: the offline responder's token count. */
    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private static Set<String> words(String lowerCase, boolean withoutStopWords) {
        Set<String> words = new LinkedHashSet<>(Arrays.asList(NON_WORD.split(lowerCase)));
        words.remove("");
        if (withoutStopWords) {
            words.removeAll(STOP_WORDS);
        }
        return words;
    }

    private static boolean intersects(Set<String> left, Set<String> right) {
        return left.stream().anyMatch(right::contains);
    }
}
