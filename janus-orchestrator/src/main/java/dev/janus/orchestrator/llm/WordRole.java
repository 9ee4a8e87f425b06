package dev.janus.orchestrator.llm;

import java.util.List;
import java.util.Set;

import dev.janus.events.vocabulary.Words;

/**
 * Whether a word is used as a verb or a noun, as far as the word before it tells: after "I", "we", "to" it is a verb
 * ("where do I park?"), after "the", "a", "my" a noun ("we walked in the park"). Two texts that use a word in different
 * roles are not about the same thing. Unknown otherwise.
 */
enum WordRole {

    /** After a subject pronoun or "to". */
    VERB,

    /** After a determiner or possessive. */
    NOUN,

    /** Nothing tells. */
    UNKNOWN;

    private static final Set<String> BEFORE_VERBS = Set.of("i", "you", "we", "they", "he", "she", "to", "i'm",
            "you're", "we're", "they're", "i'll", "we'll", "i've", "we've", "didn't", "don't", "can't", "won't");

    private static final Set<String> BEFORE_NOUNS = Set.of("the", "a", "an", "my", "your", "our", "their", "his",
            "her", "its", "this", "that", "these", "those", "some", "every", "each", "no");

    /** The role of the word at {@code index}. */
    static WordRole of(List<Words.Token> tokens, int index) {
        if (index == 0) {
            return UNKNOWN;
        }
        String before = tokens.get(index - 1).lower();
        if (BEFORE_NOUNS.contains(before)) {
            return NOUN;
        }
        return BEFORE_VERBS.contains(before) ? VERB : UNKNOWN;
    }

    /** Whether two uses of a word may mean the same: not a verb against a noun. */
    boolean agreesWith(WordRole other) {
        return this == UNKNOWN || other == UNKNOWN || this == other;
    }
}
