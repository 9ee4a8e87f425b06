package dev.janus.orchestrator.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.janus.events.vocabulary.FactVocabulary;
import dev.janus.events.vocabulary.Words;

/**
 * A question as the offline responder matches it against what memory supplied, in the terms of the shared
 * {@link FactVocabulary}: its words, the concepts of its content words, the people it is about, what "my …" it names
 * ("what is my dog's name?" names {@code dog} and asks its name), and which content words any answer must share
 * ("which town does my brother live in?" needs {@code brother} and {@code live}, not {@code town}, which is the kind
 * of answer). Plain code, linear in the question.
 */
final class AskedQuestion {

    /** Words that carry no topic: they never make two texts about the same thing. */
    static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "am", "be", "been",
            "being", "do", "does", "did", "done", "i", "i'm", "i've", "i'd", "i'll", "you", "me", "my", "mine",
            "your", "yours", "we", "our", "us", "it", "its", "it's", "what", "what's", "whats", "who", "who's",
            "whom", "where", "where's", "when", "why", "how", "which", "whose", "of", "in", "on", "at", "to", "for",
            "with", "and", "or", "not", "no", "can", "could", "would", "should", "will", "shall", "may", "might",
            "must", "please", "tell", "know", "about", "this", "that", "these", "those", "there", "here", "have",
            "has", "had", "s", "remember", "again", "ever", "still", "now", "any", "some", "just", "also", "get",
            "got", "go", "went", "so", "then", "than", "too", "very", "from", "by", "as", "if", "into", "up", "out",
            "janus", "hey", "hi", "hello", "ok", "okay", "well", "oh", "don't", "doesn't", "didn't",
            "say", "said", "told", "let", "he", "she", "they", "him", "her", "them", "his", "their", "one", "all",
            "much", "many", "thing", "things", "anything", "something", "already", "currently", "right", "there's",
            "wondering", "wonder", "forgot", "forget", "idea", "remind", "happen", "happens", "occur", "moment",
            "lately", "recently", "days", "originally", "exactly", "usually");

    private static final Set<String> WH = Set.of("what", "which", "whose", "how");
    private static final Set<String> NAME_WORDS = Set.of("name", "called", "named");

    private final List<String> words;
    private final Set<String> concepts;
    private final Set<String> required;
    private final Set<String> people;
    private final List<Target> targets;
    private final boolean mentionsMy;
    private final Set<String> names;
    private final Map<String, WordRole> roles;

    /**
     * A phrase after "my" the question may ask about, as written and canonical, and whether a name word follows it.
     *
     * @param written the phrase as the question has it, without a possessive ("dog", "favourite colour", "GP")
     * @param attribute its canonical attribute
     * @param asksName whether "name", "called" or "named" follows it ("my dog's name", "my GP called")
     */
    record Target(String written, String attribute, boolean asksName) {
    }

    private AskedQuestion(List<String> words, Set<String> concepts, Set<String> required, Set<String> people,
            List<Target> targets, boolean mentionsMy, Set<String> names, Map<String, WordRole> roles) {
        this.words = words;
        this.concepts = concepts;
        this.required = required;
        this.people = people;
        this.targets = targets;
        this.mentionsMy = mentionsMy;
        this.names = names;
        this.roles = roles;
    }

    static AskedQuestion of(String question) {
        List<Words.Token> tokens = Words.tokens(question);
        List<String> words = tokens.stream().map(Words.Token::lower).toList();
        Set<String> concepts = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        Map<String, WordRole> roles = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (STOP_WORDS.contains(word) || STOP_WORDS.contains(Words.withoutPossessive(word))) {
                continue;
            }
            if (isName(question, tokens, i)) {
                names.add(FactVocabulary.conceptOf(word));
            }
            // "for a living" asks for a job, not a place
            boolean aLiving = word.equals("living") && i > 0 && words.get(i - 1).equals("a");
            String concept = aLiving ? FactVocabulary.JOB : FactVocabulary.conceptOf(word);
            concepts.add(concept);
            roles.putIfAbsent(concept, WordRole.of(tokens, i));
            // "which town", "what time", "how old": the word after the question word names the kind of answer
            boolean kindOfAnswer = i > 0 && WH.contains(Words.withoutPossessive(words.get(i - 1)));
            if (!kindOfAnswer) {
                required.add(concept);
            }
        }
        int my = words.indexOf("my");
        List<Target> targets = my < 0 ? List.of() : targetsAfter(tokens, my + 1);
        return new AskedQuestion(words, concepts, required, FactVocabulary.peopleIn(concepts), targets, my >= 0,
                names, roles);
    }

    /**
     * Whether the word is someone's or something's name: capitalised inside a sentence ("where does Sam work?"),
     * not a word of the vocabulary written in capitals ("GP").
     */
    private static boolean isName(String question, List<Words.Token> tokens, int index) {
        Words.Token token = tokens.get(index);
        if (index == 0 || !Character.isUpperCase(token.written().charAt(0))) {
            return false;
        }
        int before = tokens.get(index - 1).end();
        for (int i = before; i < token.start(); i++) {
            if (".!?;:\n".indexOf(question.charAt(i)) >= 0) {
                return false; // it opens a sentence
            }
        }
        return FactVocabulary.conceptOf(token.lower()).equals(Words.stem(Words.withoutPossessive(token.lower())));
    }

    /**
     * The phrases of up to four words after "my" that leave nothing else of substance in the question: in "what is
     * my favourite colour?" both "favourite" (no: "colour" would be left) and "favourite colour" (yes).
     */
    private static List<Target> targetsAfter(List<Words.Token> tokens, int from) {
        List<Target> targets = new ArrayList<>();
        StringBuilder phrase = new StringBuilder();
        for (int end = from; end < tokens.size() && end < from + 4; end++) {
            String word = tokens.get(end).lower();
            if (STOP_WORDS.contains(word) || NAME_WORDS.contains(word) && end > from) {
                break;
            }
            if (phrase.length() > 0) {
                phrase.append(' ');
            }
            phrase.append(Words.withoutPossessive(tokens.get(end).written()));
            boolean asksName = false;
            int rest = end + 1;
            if (rest < tokens.size() && NAME_WORDS.contains(tokens.get(rest).lower())) {
                asksName = true;
                rest++;
            }
            if (onlyStopWords(tokens, rest)) {
                String written = phrase.toString();
                targets.add(new Target(written, FactVocabulary.canonical(written), asksName));
            }
            if (Words.isPossessive(word)) {
                break;
            }
        }
        return targets;
    }

    private static boolean onlyStopWords(List<Words.Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (!STOP_WORDS.contains(tokens.get(i).lower())) {
                return false;
            }
        }
        return true;
    }

    /** The question's lower-case words, in order. */
    List<String> words() {
        return words;
    }

    /** The concepts of its content words. */
    Set<String> concepts() {
        return concepts;
    }

    /** The concepts an answer must mostly share: the content words without the kind of answer. */
    Set<String> required() {
        return required;
    }

    /** The people it is about ("my brother", "my GP"); empty when it is about the asker. */
    Set<String> people() {
        return people;
    }

    /** What "my …" it names, with nothing else of substance left in it; empty when it names none. */
    List<Target> targets() {
        return targets;
    }

    /** The concepts of the names it uses ("where does Sam work?"): it is about them, not about the asker. */
    Set<String> names() {
        return names;
    }

    /** How the question uses the word of a concept: "where do I park?" uses {@code park} as a verb. */
    WordRole roleOf(String concept) {
        return roles.getOrDefault(concept, WordRole.UNKNOWN);
    }

    /** The kind of answer it asks for. */
    AnswerKind answerKind() {
        return AnswerKind.of(words);
    }

    /** Whether it says "my": then only what follows "my" can be asked of a fact. */
    boolean mentionsMy() {
        return mentionsMy;
    }

    /** Whether the question's words contain these words in this order, next to each other. */
    boolean says(String... phrase) {
        outer:
        for (int i = 0; i + phrase.length <= words.size(); i++) {
            for (int j = 0; j < phrase.length; j++) {
                if (!words.get(i + j).equals(phrase[j])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
