package dev.janus.memory.facts;

import java.util.Locale;

import dev.janus.events.vocabulary.FactVocabulary;

/**
 * Memory's use of the shared {@link FactVocabulary}: the attribute a fact is stored under, whether it holds one value
 * or many, and how values compare. Plain code, linear in its input.
 */
public final class FactAttributes {

    private FactAttributes() {
    }

    /** Whether a new value of the attribute replaces the old one (and so contradicts it when it differs). */
    public static boolean singleValued(String attribute) {
        return FactVocabulary.singleValued(attribute);
    }

    /** The value as compared: lower case, words only (single spaces between them), without a leading article. */
    public static String normalisedValue(String value) {
        String lower = value.toLowerCase(Locale.ROOT).strip();
        StringBuilder words = new StringBuilder(lower.length());
        boolean gap = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (gap && words.length() > 0) {
                    words.append(' ');
                }
                words.append(c);
                gap = false;
            }
            else {
                gap = true;
            }
        }
        String result = words.toString();
        for (String article : new String[] { "the ", "a ", "an " }) {
            if (result.startsWith(article)) {
                return result.substring(article.length());
            }
        }
        return result;
    }

    /**
     * An attribute named by anyone, a language model included: the shared vocabulary's
     * {@link FactVocabulary#canonical canonical} attribute ("occupation" is {@code job}, "GP" is {@code doctor}, "dog's
     * name" is {@code dog}), so that a fact means the same whichever extractor found it and whichever component reads
     * it.
     */
    public static String canonicalAttribute(String attribute) {
        return FactVocabulary.canonical(attribute);
    }
}
