package dev.janus.events.vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Text cut into sentences without cutting names: a sentence ends at {@code .}, {@code !}, {@code ?}, {@code ;} or a
 * line break, but not at the dot of a title ("Dr. Okafor", "Mr. Smith"), of an initial ("J. M. W. Turner"), inside a
 * number or a dotted abbreviation ("3.5", "e.g"), nor at the dot of an abbreviation that may also end a sentence
 * ("St. Louis", "Acme Inc. and", "Washington D.C.") unless the next word opens a sentence ("… Main St. I moved …").
 * One pass over the text; thread-safe.
 */
public final class Sentences {

    /** Abbreviations that stand before a name: their dot never ends a sentence. */
    private static final Set<String> TITLES = Set.of("dr", "mr", "mrs", "ms", "mx", "prof", "rev", "fr", "sgt",
            "capt", "cpt", "col", "gen", "lt", "hon", "gov", "pres", "sen", "rep", "messrs", "mme", "mlle");

    /** Abbreviations that may end a sentence as well as stand inside one. */
    private static final Set<String> ABBREVIATIONS = Set.of("st", "mt", "ft", "ave", "rd", "blvd", "jr", "sr", "inc",
            "ltd", "co", "corp", "llc", "plc", "etc", "vs", "approx", "dept", "no", "nr", "tel", "ext", "jan", "feb",
            "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
            "sat", "sun", "am", "pm");

    /** Words that open a sentence after an ambiguous abbreviation. */
    private static final Set<String> OPENERS = Set.of("i", "i'm", "i've", "i'll", "i'd", "my", "the", "we", "our",
            "it", "it's", "this", "that", "and", "but", "so", "also", "please", "remember", "he", "she", "they",
            "you", "what", "where", "when", "who", "why", "how", "which", "can", "could", "do", "does", "did", "is",
            "are", "thanks", "thank");

    private Sentences() {
    }

    /** The sentences of the text, stripped, each with its closing punctuation; none for blank text. */
    public static List<String> of(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean end;
            if (c == '.') {
                end = dotEnds(text, i);
            }
            else {
                end = c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r' || c == '\u2026';
            }
            if (!end) {
                i++;
                continue;
            }
            // the sentence keeps every closing mark: "?!", "...", a closing quote or bracket
            int stop = i + 1;
            while (stop < length && isClosing(text.charAt(stop))) {
                stop++;
            }
            add(sentences, text, start, stop);
            start = stop;
            i = stop;
        }
        add(sentences, text, start, length);
        return sentences;
    }

    private static void add(List<String> sentences, String text, int from, int to) {
        String sentence = text.substring(from, to).strip();
        if (!sentence.isEmpty() && !isOnlyPunctuation(sentence)) {
            sentences.add(sentence);
        }
    }

    private static boolean isOnlyPunctuation(String sentence) {
        for (int i = 0; i < sentence.length(); i++) {
            if (Character.isLetterOrDigit(sentence.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isClosing(char c) {
        return c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D'
                || c == '\u2019' || c == '\u2026';
    }

    /** Whether the dot at {@code dot} ends its sentence. */
    private static boolean dotEnds(String text, int dot) {
        int length = text.length();
        if (dot + 1 < length && !Character.isWhitespace(text.charAt(dot + 1)) && !isClosing(text.charAt(dot + 1))) {
            return false; // 3.5, e.g, D.C, a URL: the dot is inside a word
        }
        int wordStart = dot;
        while (wordStart > 0 && Character.isLetter(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        String word = text.substring(wordStart, dot);
        if (word.isEmpty()) {
            return true;
        }
        boolean dotted = wordStart > 0 && text.charAt(wordStart - 1) == '.';
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0)) && !dotted) {
            // "so do I." ends; an initial ("J. M. W. Turner") ends only before "I" or "My", or at the end
            return "I".equals(word) || opensWithI(text, dot);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (TITLES.contains(lower) && !dotted) {
            return false;
        }
        if (dotted || ABBREVIATIONS.contains(lower)) {
            return nextWordOpens(text, dot);
        }
        return true;
    }

    /** After an initial, only "I" or "My" opening the next word ends the sentence ("… block B. I moved …"). */
    private static boolean opensWithI(String text, int dot) {
        String next = nextWord(text, dot);
        return next.isEmpty() || next.equals("I") || next.equals("My") || next.startsWith("I'");
    }

    private static boolean nextWordOpens(String text, int dot) {
        String next = nextWord(text, dot);
        if (next.isEmpty()) {
            return true; // the end of the text
        }
        return Character.isUpperCase(next.charAt(0)) && OPENERS.contains(next.toLowerCase(Locale.ROOT));
    }

    private static String nextWord(String text, int dot) {
        int i = dot + 1;
        int length = text.length();
        while (i < length && (Character.isWhitespace(text.charAt(i)) || isClosing(text.charAt(i)))) {
            i++;
        }
        int from = i;
        while (i < length && (Character.isLetter(text.charAt(i)) || Words.isApostrophe(text.charAt(i)))) {
            i++;
        }
        return text.substring(from, i).replace('\u2019', '\'');
    }
}
