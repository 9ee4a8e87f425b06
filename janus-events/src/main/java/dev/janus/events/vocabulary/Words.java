package dev.janus.events.vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * English text as words, the way the vocabulary compares it: runs of letters and digits, an apostrophe between
 * letters kept ({@code don't}, {@code dog's}), the curly apostrophe folded to the straight one. One pass over the
 * text; thread-safe.
 */
public final class Words {

    /** Past forms that no ending rule turns into their verb: "I left my umbrella" answers "where did I leave it?". */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("left", "leave"),
            Map.entry("kept", "keep"), Map.entry("went", "go"), Map.entry("gone", "go"), Map.entry("got", "get"),
            Map.entry("gotten", "get"), Map.entry("bought", "buy"), Map.entry("gave", "give"),
            Map.entry("given", "give"), Map.entry("told", "tell"), Map.entry("said", "say"), Map.entry("met", "meet"),
            Map.entry("sent", "send"), Map.entry("lost", "lose"), Map.entry("found", "find"),
            Map.entry("took", "take"), Map.entry("taken", "take"), Map.entry("made", "make"),
            Map.entry("paid", "pay"), Map.entry("sold", "sell"), Map.entry("hid", "hide"),
            Map.entry("hidden", "hide"), Map.entry("wore", "wear"), Map.entry("worn", "wear"),
            Map.entry("drove", "drive"), Map.entry("driven", "drive"), Map.entry("ate", "eat"),
            Map.entry("eaten", "eat"), Map.entry("brought", "bring"), Map.entry("began", "begin"),
            Map.entry("begun", "begin"), Map.entry("saw", "see"), Map.entry("seen", "see"), Map.entry("came", "come"),
            Map.entry("ran", "run"), Map.entry("wrote", "write"), Map.entry("written", "write"),
            Map.entry("forgot", "forget"), Map.entry("forgotten", "forget"), Map.entry("had", "have"),
            Map.entry("has", "have"), Map.entry("was", "be"), Map.entry("were", "be"), Map.entry("been", "be"),
            Map.entry("is", "be"), Map.entry("are", "be"), Map.entry("am", "be"), Map.entry("did", "do"),
            Map.entry("does", "do"), Map.entry("done", "do"), Map.entry("children", "child"),
            Map.entry("people", "person"), Map.entry("men", "man"), Map.entry("women", "woman"),
            Map.entry("feet", "foot"), Map.entry("teeth", "tooth"), Map.entry("mice", "mouse"),
            Map.entry("grew", "grow"), Map.entry("grown", "grow"),
            Map.entry("flew", "fly"), Map.entry("flown", "fly"), Map.entry("slept", "sleep"),
            Map.entry("spent", "spend"), Map.entry("built", "build"), Map.entry("chose", "choose"),
            Map.entry("chosen", "choose"), Map.entry("read", "read"), Map.entry("led", "lead"),
            Map.entry("fed", "feed"), Map.entry("felt", "feel"), Map.entry("heard", "hear"),
            Map.entry("held", "hold"), Map.entry("knew", "know"), Map.entry("known", "know"),
            Map.entry("lent", "lend"), Map.entry("rode", "ride"), Map.entry("stole", "steal"),
            Map.entry("stolen", "steal"), Map.entry("swam", "swim"), Map.entry("taught", "teach"),
            Map.entry("thought", "think"), Map.entry("won", "win"));

    private Words() {
    }

    /**
     * One word of a text: as written, in lower case, and where it stands.
     *
     * @param written the word as written (a curly apostrophe made straight)
     * @param lower the word in lower case
     * @param start the index of its first character in the text
     * @param end the index after its last character
     */
    public record Token(String written, String lower, int start, int end) {
    }

    /** The words of the text in lower case, in order. */
    public static List<String> of(String text) {
        return tokens(text).stream().map(Token::lower).toList();
    }

    /** The words of the text with their places, in order. */
    public static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int length = text.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (word.length() == 0) {
                    start = i;
                }
                word.append(c);
            }
            else if (isApostrophe(c) && word.length() > 0 && i + 1 < length
                    && Character.isLetter(text.charAt(i + 1))) {
                word.append('\'');
            }
            else {
                flush(word, tokens, start, i);
            }
        }
        flush(word, tokens, start, length);
        return tokens;
    }

    private static void flush(StringBuilder word, List<Token> tokens, int start, int end) {
        if (word.length() > 0) {
            String written = word.toString();
            tokens.add(new Token(written, written.toLowerCase(Locale.ROOT), start, end));
            word.setLength(0);
        }
    }

    /** Whether the character is an apostrophe, straight or curly. */
    public static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u2018';
    }

    /** The word without a possessive or contracted {@code 's}: "dog's" is "dog", "what's" is "what". */
    public static String withoutPossessive(String word) {
        return word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
    }

    /** Whether the word carries a possessive (or contracted) {@code 's}. */
    public static boolean isPossessive(String word) {
        return word.endsWith("'s") && word.length() > 2;
    }

    /**
     * The stem a lower-case word is compared by: a possessive dropped, irregular past forms and plurals mapped to
     * their base word, the endings -ies, -es, -s, -ed and -ing removed (with a doubled consonant undone) and a final
     * e dropped, so that "lives", "lived" and "living" all compare as "liv", "parked" as "park", "named" as "nam".
     * Crude, but the same on both sides of every comparison.
     */
    public static String stem(String word) {
        String base = withoutPossessive(word);
        String irregular = IRREGULAR.get(base);
        if (irregular != null) {
            base = irregular;
        }
        if (base.length() <= 3) {
            return base;
        }
        String stem = base;
        if (stem.endsWith("ies") && stem.length() > 4) {
            stem = stem.substring(0, stem.length() - 3) + "y";
        }
        else if (stem.endsWith("ing") && stem.length() > 5) {
            stem = undouble(stem.substring(0, stem.length() - 3));
        }
        else if (stem.endsWith("ed") && stem.length() > 4) {
            stem = undouble(stem.substring(0, stem.length() - 2));
        }
        else if (stem.endsWith("sses") || stem.endsWith("shes") || stem.endsWith("ches") || stem.endsWith("xes")) {
            stem = stem.substring(0, stem.length() - 2);
        }
        else if (stem.endsWith("s") && !stem.endsWith("ss") && !stem.endsWith("us") && !stem.endsWith("is")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.endsWith("e") && stem.length() > 3) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

    private static String undouble(String stem) {
        int n = stem.length();
        if (n >= 3 && stem.charAt(n - 1) == stem.charAt(n - 2) && "bdgmnprt".indexOf(stem.charAt(n - 1)) >= 0) {
            return stem.substring(0, n - 1);
        }
        return stem;
    }

    /** How many whitespace-separated words the text has. */
    public static int count(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }
}
