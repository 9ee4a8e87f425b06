package dev.janus.memory.facts;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The vocabulary of fact attributes: which hold one value at a time (a new value contradicts the old one) and which
 * hold many (likes, dislikes, preferences, notes), and how values compare.
 */
public final class FactAttributes {

    /** The speaker's name: "my name is …", "call me …". */
    public static final String NAME = "name";

    /** Where the speaker lives: "I live in …", "I moved to …". */
    public static final String LOCATION = "location";

    /** Where the speaker comes from: "I'm from …", "I grew up in …". */
    public static final String HOMETOWN = "hometown";

    /** Whom the speaker works for: "I work at …". */
    public static final String EMPLOYER = "employer";

    /** What the speaker works as: "I work as …", "my job is …". */
    public static final String JOB = "job";

    /** The speaker's age: "I'm 34 years old". */
    public static final String AGE = "age";

    /** Something the speaker likes: "I like …", "I love …". */
    public static final String LIKES = "likes";

    /** Something the speaker dislikes: "I hate …", "I don't like …". */
    public static final String DISLIKES = "dislikes";

    /** Something the speaker prefers: "I prefer …". */
    public static final String PREFERENCE = "preference";

    /** Anything the speaker asked to be remembered that is none of the above: "remember that …". */
    public static final String NOTE = "note";

    private static final Set<String> MULTI_VALUED = Set.of(LIKES, DISLIKES, PREFERENCE, NOTE);
    private static final Pattern LEADING_ARTICLE = Pattern.compile("^(?:the|a|an)\\s+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private FactAttributes() {
    }

    /** Whether a new value of the attribute replaces the old one (and so contradicts it when it differs). */
    public static boolean singleValued(String attribute) {
        return !MULTI_VALUED.contains(attribute);
    }

    /** The value as compared: lower case, words only, without a leading article. */
    public static String normalisedValue(String value) {
        String lower = value.toLowerCase(Locale.ROOT).strip();
        lower = LEADING_ARTICLE.matcher(lower).replaceFirst("");
        return NON_WORD.matcher(lower).replaceAll(" ").strip();
    }

    /** An attribute as stored: lower case, single spaces, British spellings of the words people spell both ways. */
    public static String normalisedAttribute(String attribute) {
        String lower = attribute.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        return lower.replaceAll("\\bfavorite\\b", "favourite").replaceAll("\\bcolor\\b", "colour");
    }
}
