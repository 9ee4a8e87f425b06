package dev.janus.orchestrator.llm;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.janus.events.RecalledItem;
import dev.janus.events.vocabulary.FactVocabulary;
import dev.janus.events.vocabulary.SentenceType;
import dev.janus.events.vocabulary.Words;

/**
 * The recalled item that answers a question, if memory found one the offline responder can trust. An item answers
 * when it is something said or done (not a question, not the question itself), it is about the same people as the
 * question (a question about "my cat" is not answered by "my sister's cat is called Tiger"), it shares more than half
 * of the question's required concepts in the shared {@link FactVocabulary} ("What's my cat's name?" needs {@code cat}
 * and {@code name}: "I just got a kitten and named her Mochi." has both, "My dog's name is Rex." only one), and its
 * similarity to the question reaches {@code janus.llm.offline.answer-similarity}. Of the items that answer, those
 * within {@value #UPDATE_MARGIN} of the best similarity are the same memory told again or updated: the newest of them
 * answers. The reply quotes it as what it is: the user's own words ("You told me on 3 December: “…”"), a tool's
 * result, or memory's summary.
 */
final class RecallAnswer {

    /** How close in similarity two answering items must be for the newer to count as an update of the other. */
    static final double UPDATE_MARGIN = 0.1;

    /** The longest quote; a longer item is cut at a word. */
    static final int MAX_QUOTE = 300;

    private RecallAnswer() {
    }

    /** The item that answers, if any. */
    static Optional<RecalledItem> best(AskedQuestion question, List<RecalledItem> recalled, double minSimilarity) {
        String messageKey = String.join(" ", question.words());
        List<RecalledItem> answering = recalled.stream()
                .filter(item -> similarity(item) >= minSimilarity)
                .filter(item -> !String.join(" ", Words.of(item.text())).equals(messageKey))
                .filter(item -> !RecalledItem.USER.equals(item.role())
                        || SentenceType.of(item.text()) != SentenceType.QUESTION)
                .filter(item -> answers(question, item.text()))
                .toList();
        double best = answering.stream().mapToDouble(RecallAnswer::similarity).max().orElse(Double.NaN);
        return answering.stream()
                .filter(item -> similarity(item) >= best - UPDATE_MARGIN)
                .max(Comparator.comparing((RecalledItem item) -> item.at() == null ? Instant.MIN : item.at())
                        .thenComparingDouble(RecallAnswer::similarity));
    }

    /** Whether the text is about the question's people and shares most of its required concepts. */
    static boolean answers(AskedQuestion question, String text) {
        Set<String> concepts = new HashSet<>();
        for (String word : Words.of(text)) {
            if (!AskedQuestion.STOP_WORDS.contains(word) && !AskedQuestion.STOP_WORDS.contains(
                    Words.withoutPossessive(word))) {
                concepts.add(FactVocabulary.conceptOf(word));
            }
        }
        if (!FactVocabulary.peopleIn(concepts).equals(question.people())) {
            return false;
        }
        Set<String> required = question.required().isEmpty() ? question.concepts() : question.required();
        if (required.isEmpty()) {
            return false;
        }
        Set<String> shared = new LinkedHashSet<>(required);
        shared.retainAll(concepts);
        return shared.size() * 2 > required.size();
    }

    /** The reply quoting the item as what it is, with when it was said or done. */
    static String quote(RecalledItem item, Instant now, ZoneId zone) {
        String when = item.at() == null ? "" : " " + SaidWhen.of(item.at(), now, zone);
        String quoted = "\u201C" + cut(item.text().strip()) + "\u201D";
        if (RecalledItem.USER.equals(item.role())) {
            return "You told me" + when + ": " + quoted;
        }
        if (RecalledItem.TOOL.equals(item.role())) {
            return "From a tool result" + when + ": " + quoted;
        }
        if (RecalledItem.SUMMARY.equals(item.role())) {
            return "From my summary of an earlier conversation" + when + ": " + quoted;
        }
        return "From what I remember" + when + ": " + quoted;
    }

    /** The similarity memory measured, or for items of producers that predate it, the ranking score. */
    static double similarity(RecalledItem item) {
        return item.similarity() != null ? item.similarity() : item.score();
    }

    private static String cut(String text) {
        if (text.length() <= MAX_QUOTE) {
            return text;
        }
        int space = text.lastIndexOf(' ', MAX_QUOTE);
        return text.substring(0, space > MAX_QUOTE / 2 ? space : MAX_QUOTE) + " \u2026";
    }
}
