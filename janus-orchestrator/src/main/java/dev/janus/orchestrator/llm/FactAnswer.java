package dev.janus.orchestrator.llm;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.janus.events.Fact;
import dev.janus.events.vocabulary.FactVocabulary;
import org.jspecify.annotations.Nullable;

/**
 * The answer a user's facts give to a question, in the terms of the shared {@link FactVocabulary}. A question that
 * says "my …" is answered only by facts whose attribute is what follows "my" with nothing else of substance left
 * ("who is my GP?" by {@code doctor}, "what is my dog's name?" by {@code dog}, never by the user's own {@code name});
 * any other question by facts whose attribute it names ("what car do I have?") or asks for in other words ("where do
 * I live?" asks for {@code location}), unless it is about someone else ("where does my brother live?", "where does
 * Sam work?"). Of an attribute that holds one value the
 * newest fact answers, with when it was told; of likes, dislikes, preferences and notes every value does.
 */
final class FactAnswer {

    private FactAnswer() {
    }

    static Optional<String> of(AskedQuestion question, List<Fact> facts, @Nullable String userId, Instant now,
            ZoneId zone) {
        Map<String, List<Fact>> matching = new LinkedHashMap<>();
        Map<String, AskedQuestion.Target> wording = new LinkedHashMap<>();
        Set<String> asked = FactVocabulary.askedBy(question.words());
        Set<String> concepts = new HashSet<>(question.concepts());
        if (asked.contains(FactVocabulary.DISLIKES)) {
            concepts.remove(FactVocabulary.LIKES); // "what don't I like?"
        }
        for (Fact fact : facts) {
            if (userId != null && !fact.subject().equals(userId)) {
                continue;
            }
            String attribute = FactVocabulary.canonical(fact.attribute());
            AskedQuestion.Target target = question.targets().stream()
                    .filter(candidate -> candidate.attribute().equals(attribute)).findFirst().orElse(null);
            boolean answers;
            if (question.mentionsMy()) {
                answers = target != null;
            }
            else if (!question.names().isEmpty()) {
                answers = false; // "where does Sam work?" is not about the user
            }
            else {
                Set<String> attributeConcepts = FactVocabulary.conceptsOf(attribute);
                boolean named = !attributeConcepts.isEmpty() && concepts.containsAll(attributeConcepts);
                boolean samePeople = question.people().equals(FactVocabulary.peopleIn(attributeConcepts));
                answers = samePeople && (named || asked.contains(attribute));
            }
            if (answers) {
                matching.computeIfAbsent(attribute, key -> new ArrayList<>()).add(fact);
                if (target != null) {
                    wording.putIfAbsent(attribute, target);
                }
            }
        }
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        List<String> sentences = new ArrayList<>();
        matching.forEach((attribute, group) -> {
            group.sort(Comparator.comparing(Fact::at));
            Fact newest = group.get(group.size() - 1);
            if (FactVocabulary.singleValued(attribute)) {
                sentences.add(sentence(attribute, wording.get(attribute), List.of(newest.value().strip()))
                        + " You told me " + SaidWhen.of(newest.at(), now, zone) + ".");
            }
            else {
                List<String> values = group.stream().map(fact -> fact.value().strip()).distinct().toList();
                sentences.add(sentence(attribute, null, values));
            }
        });
        return Optional.of(String.join(" ", sentences));
    }

    /** The answer for one attribute, in the words people use for it, or in the question's own words. */
    private static String sentence(String attribute, AskedQuestion.@Nullable Target target, List<String> values) {
        String value = list(values);
        switch (attribute) {
            case FactVocabulary.NAME:
                return "Your name is " + value + ".";
            case FactVocabulary.LOCATION:
                return "You live in " + value + ".";
            case FactVocabulary.HOMETOWN:
                return "You are from " + value + ".";
            case FactVocabulary.EMPLOYER:
                return "You work at " + value + ".";
            case FactVocabulary.JOB:
                return "You work as " + article(value) + value + ".";
            case FactVocabulary.AGE:
                return value.chars().allMatch(Character::isDigit) ? "You are " + value + " years old."
                        : "Your age is " + value + ".";
            case FactVocabulary.LIKES:
                return "You like " + value + ".";
            case FactVocabulary.DISLIKES:
                return "You don't like " + value + ".";
            case FactVocabulary.PREFERENCE:
                return "You prefer " + value + ".";
            case FactVocabulary.NOTE:
                return "You asked me to remember: " + String.join("; ", values) + ".";
            default:
                break;
        }
        String named = target != null ? target.written() : attribute;
        if (target != null && target.asksName()) {
            return "Your " + named + "'s name is " + value + ".";
        }
        return "Your " + named + " is " + value + ".";
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
}
