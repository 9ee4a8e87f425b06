package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.janus.events.AssembledContext;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import dev.janus.events.ToolResult;
import dev.janus.events.Turn;
import dev.janus.events.vocabulary.IntentNames;
import dev.janus.events.vocabulary.SentenceType;
import dev.janus.events.vocabulary.Words;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default provider: answers without a language model, only from what the request carries, and never
 * invents a fact. The message's {@link SentenceType} is decided first, so a question is never thanked for nor taken
 * for a statement. In order: it states the tool results (a failed tool says why); for a {@code greeting} or
 * {@code help} intent it says what Janus can help with; a question is answered from the user's facts the question
 * asks about ({@link FactAnswer}), from the recent turns when asked what was said, or from the recalled item that
 * matches it above {@code janus.llm.offline.answer-similarity} ({@link RecallAnswer}: "You told me on 3 December:
 * “…”"), and otherwise it says it does not know; a command to remember is acknowledged, a statement memory keeps is
 * thanked for, and anything else it says it cannot answer without a language model. Once per conversation
 * ({@link ModelNotes}) a reply ends by saying plainly that no language model is configured and how to configure one
 * ({@code janus.llm.provider}); replies name the branches that did not answer in time. Token counts are
 * whitespace-separated words: of the message and the context and tool results for the prompt, of the reply for the
 * completion. All of its text rules are plain code, linear in the text. Thread-safe.
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

    static final String DO_NOT_KNOW = "I don't know: nothing you told me answers that.";

    static final String THANKS = "Thanks for telling me.";

    static final String WILL_REMEMBER = "Noted: I'll remember that.";

    private static final Set<String> INTRODUCING_INTENTS = Set.of(IntentNames.GREETING, IntentNames.HELP);

    private final OfflineResponderProperties properties;
    private final Clock clock;
    private final ModelNotes notes = new ModelNotes(NO_MODEL);

    /** A responder with the default properties. */
    public OfflineResponder() {
        this(OfflineResponderProperties.defaults(), Clock.systemUTC());
    }

    public OfflineResponder(OfflineResponderProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public GeneratedResponse generate(LlmRequest request, JanusEvent requestEvent) {
        long started = System.nanoTime();
        String text = reply(request, requestEvent);
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        return new GeneratedResponse(text, PROVIDER, MODEL, promptWords(request), Words.count(text), latencyMs);
    }

    private String reply(LlmRequest request, JanusEvent requestEvent) {
        List<String> paragraphs = new ArrayList<>();
        String message = request.userMessage();
        if (!request.toolResults().isEmpty()) {
            paragraphs.add(describe(request.toolResults()));
        }
        else if (INTRODUCING_INTENTS.contains(request.intent())) {
            paragraphs.add(INTRODUCTION);
        }
        else if (SentenceType.asksToRemember(message)) {
            paragraphs.add(WILL_REMEMBER);
        }
        else if (SentenceType.of(message) == SentenceType.QUESTION) {
            paragraphs.add(answer(request, requestEvent));
        }
        else {
            paragraphs.add(IntentNames.REMEMBER.equals(request.intent()) ? THANKS : CANNOT_ANSWER);
        }
        missing(request.missing()).ifPresent(paragraphs::add);
        if (notes.firstFor(requestEvent.streamId(), request.context().recentTurns())) {
            paragraphs.add(NO_MODEL);
        }
        return String.join("\n\n", paragraphs);
    }

    /** A question's answer: the facts it asks about, what was said, the recalled item that matches, or none. */
    private String answer(LlmRequest request, JanusEvent requestEvent) {
        AssembledContext context = request.context();
        AskedQuestion question = AskedQuestion.of(request.userMessage());
        Optional<String> fromFacts = FactAnswer.of(question, context.facts(), requestEvent.context().userId(),
                clock.instant(), properties.zone());
        if (fromFacts.isPresent()) {
            return fromFacts.get();
        }
        if (asksWhatWasSaid(question)) {
            Optional<String> said = lastUserTurn(context.recentTurns(), request.userMessage(),
                    requestEvent.causationId());
            if (said.isPresent()) {
                return "Earlier you said: \u201C" + said.get() + "\u201D";
            }
        }
        Optional<RecalledItem> recalled = RecallAnswer.best(question, context.recalled(),
                properties.answerSimilarity());
        return recalled.map(item -> RecallAnswer.quote(item, clock.instant(), properties.zone())).orElse(DO_NOT_KNOW);
    }

    private static boolean asksWhatWasSaid(AskedQuestion question) {
        return question.says("what", "did", "i", "say") || question.says("what", "did", "i", "tell")
                || question.says("what", "did", "i", "ask") || question.says("what", "have", "i", "said")
                || question.says("what", "have", "i", "told") || question.says("my", "last", "message")
                || question.says("did", "i", "say") || question.says("i", "said", "earlier");
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

    private static int promptWords(LlmRequest request) {
        int words = Words.count(request.userMessage());
        for (var fact : request.context().facts()) {
            words += Words.count(fact.attribute()) + Words.count(fact.value());
        }
        for (Turn turn : request.context().recentTurns()) {
            words += Words.count(turn.text());
        }
        for (RecalledItem item : request.context().recalled()) {
            words += Words.count(item.text());
        }
        for (ToolResult result : request.toolResults()) {
            String text = result.succeeded() ? result.output() : result.error();
            words += text == null ? 0 : Words.count(text);
        }
        return words;
    }
}
