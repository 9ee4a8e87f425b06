package dev.janus.orchestrator.llm;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 * and {@code name}: "I just got a kitten and named her Mochi." has both, "My dog's name is Rex." only one), it gives
 * the kind of answer asked for ({@link AnswerKind}: a place for "where", a time for "when"), and its similarity to
 * the question reaches {@code janus.llm.offline.answer-similarity}. Only the items that share the most of the
 * question's words compete; when the best of them reaches the similarity, those within {@value #UPDATE_MARGIN} of it
 * are the same memory told again or updated: the newest of them answers. The reply quotes it as what it is: the
 * user's own words ("You told me on 3 December: “…”"), a tool's result, or memory's summary.
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
        Map<RecalledItem, Integer> coverage = new HashMap<>();
        for (RecalledItem item : recalled) {
            boolean repeat = String.join(" ", Words.of(item.text())).equals(messageKey);
            boolean asks = RecalledItem.USER.equals(item.role())
                    && SentenceType.of(item.text()) == SentenceType.QUESTION;
            if (!repeat && !asks) {
                coverage(question, item.text()).ifPresent(shared -> coverage.put(item, shared));
            }
        }
        // the items that share the most of the question: "which book am I reading?" is answered by "the book I'm
        // reading is Dune" rather than by "I read every evening"
        int most = coverage.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<RecalledItem> answering = recalled.stream()
                .filter(item -> coverage.containsKey(item) && coverage.get(item) == most).toList();
        double best = answering.stream().mapToDouble(RecallAnswer::similarity).max().orElse(Double.NaN);
        if (!(best >= minSimilarity)) {
            return Optional.empty();
        }
        // an update may resemble the question a little less than what it updates ("the standup moved to 10:15")
        return answering.stream()
                .filter(item -> similarity(item) >= best - UPDATE_MARGIN)
                .max(Comparator.comparing((RecalledItem item) -> item.at() == null ? Instant.MIN : item.at())
                        .thenComparingDouble(RecallAnswer::similarity));
    }

    /**
     * How many of the question's concepts the text shares, when it answers the question: it is about the question's
     * people, shares more than half of its required concepts (each used in the same role, {@link WordRole}: "where do
     * I park?" does not share {@code park} with "we walked in the park"), and gives the kind of answer asked for
     * ({@link AnswerKind}) in a clause that has one of the shared concepts ("I'm not a party person, I left at 10"
     * gives a time, but not in the clause about the party). Empty when it does not answer.
     */
    static OptionalInt coverage(AskedQuestion question, String text) {
        List<Words.Token> tokens = Words.tokens(text);
        Set<String> concepts = new HashSet<>();
        Set<String> shared = new LinkedHashSet<>();
        Set<String> covered = new HashSet<>();
        Set<String> required = question.required().isEmpty() ? question.concepts() : question.required();
        AnswerKind kind = question.answerKind();
        boolean answerInSharedClause = kind == AnswerKind.ANY;
        boolean clauseHasShared = false;
        boolean clauseHasAnswer = false;
        for (int i = 0; i < tokens.size(); i++) {
            Words.Token token = tokens.get(i);
            if (i > 0 && opensClause(text, tokens, i)) {
                clauseHasShared = false;
                clauseHasAnswer = false;
            }
            String word = token.lower();
            if (!answerInSharedClause && kind.givenAt(tokens, i)) {
                clauseHasAnswer = true;
            }
            if (!AskedQuestion.STOP_WORDS.contains(word)
                    && !AskedQuestion.STOP_WORDS.contains(Words.withoutPossessive(word))) {
                String concept = FactVocabulary.conceptOf(word);
                concepts.add(concept);
                boolean sameRole = question.roleOf(concept).agreesWith(WordRole.of(tokens, i));
                if (required.contains(concept) && sameRole) {
                    shared.add(concept);
                    clauseHasShared = true;
                }
                if (question.concepts().contains(concept) && sameRole) {
                    covered.add(concept);
                }
            }
            answerInSharedClause |= clauseHasShared && clauseHasAnswer;
        }
        Set<String> people = FactVocabulary.peopleIn(concepts);
        // "where does Sam work?" is answered by "my friend Sam works at Google": Sam is the friend
        boolean namedInItem = !question.names().isEmpty() && concepts.containsAll(question.names())
                && people.containsAll(question.people());
        boolean samePeople = people.equals(question.people()) || namedInItem;
        boolean answers = samePeople && !required.isEmpty() && shared.size() * 2 > required.size()
                && answerInSharedClause;
        return answers ? OptionalInt.of(covered.size()) : OptionalInt.empty();
    }

    /** Whether a new clause starts at the token: after a comma, semicolon or colon, or at "but". */
    private static boolean opensClause(String text, List<Words.Token> tokens, int index) {
        if (tokens.get(index).lower().equals("but")) {
            return true;
        }
        for (int i = tokens.get(index - 1).end(); i < tokens.get(index).start(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == ';' || c == ':' || c == '.' && Character.isWhitespace(text.charAt(i + 1))) {
                return true;
            }
        }
        return false;
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
