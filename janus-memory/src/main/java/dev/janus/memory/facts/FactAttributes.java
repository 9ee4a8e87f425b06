package dev.janus.memory.facts;

import java.util.Locale;
import java.util.Map;
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

    // what a language model (or a person) calls the attributes above in other words
    private static final Map<String, String> SYNONYMS = Map.ofEntries(Map.entry("first name", NAME),
            Map.entry("full name", NAME), Map.entry("user name", NAME), Map.entry("home city", LOCATION),
            Map.entry("city", LOCATION), Map.entry("current city", LOCATION), Map.entry("residence", LOCATION),
            Map.entry("lives in", LOCATION), Map.entry("home", LOCATION), Map.entry("home town", HOMETOWN),
            Map.entry("birthplace", HOMETOWN), Map.entry("place of birth", HOMETOWN), Map.entry("origin", HOMETOWN),
            Map.entry("company", EMPLOYER), Map.entry("workplace", EMPLOYER), Map.entry("works at", EMPLOYER),
            Map.entry("occupation", JOB), Map.entry("profession", JOB), Map.entry("role", JOB),
            Map.entry("job title", JOB), Map.entry("like", LIKES), Map.entry("loves", LIKES),
            Map.entry("interests", LIKES), Map.entry("hobby", LIKES), Map.entry("hobbies", LIKES),
            Map.entry("dislike", DISLIKES), Map.entry("hates", DISLIKES), Map.entry("preferences", PREFERENCE),
            Map.entry("prefers", PREFERENCE), Map.entry("notes", NOTE), Map.entry("remember", NOTE));

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

    /**
     * An attribute named by someone who does not know this vocabulary (a language model): normalised, with
     * underscores and hyphens as spaces, and common other words for the attributes above ("occupation", "home city",
     * "company", "hobbies") mapped onto them, so that a fact means the same whichever extractor found it.
     */
    public static String canonicalAttribute(String attribute) {
        String normalised = normalisedAttribute(attribute.replace('_', ' ').replace('-', ' '));
        return SYNONYMS.getOrDefault(normalised, normalised);
    }
}
