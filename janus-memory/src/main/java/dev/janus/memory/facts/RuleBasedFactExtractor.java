package dev.janus.memory.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default extractor: English phrasings people use to tell facts about themselves, matched clause by clause.
 * Questions are skipped ("what is my name?" states nothing). Recognised, with the attribute they set:
 * "my name is / call me / I'm called X" ({@code name}), "I live in / moved to / am based in X" ({@code location}),
 * "I'm from / grew up in X" ({@code hometown}), "I work at / for X" ({@code employer}), "I work as / my job is /
 * I'm a X" ({@code job}), "I'm N years old" ({@code age}), "I like / love / enjoy X" ({@code likes}), "I hate / don't
 * like X" ({@code dislikes}), "I prefer X" ({@code preference}), "my X is Y" (attribute X, e.g.
 * {@code favourite colour}), and "remember that …", which is parsed again and otherwise kept as a {@code note}.
 * Thread-safe.
 */
public final class RuleBasedFactExtractor implements FactExtractor {

    private static final int MAX_TEXT = 4_000;
    private static final int MAX_VALUE = 200;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern CLAUSE = Pattern.compile("[^.!?;\\n]+[.!?;]*");
    private static final Pattern CONJUNCTION = Pattern.compile(
            "\\s*,?\\s+(?:and|but|also)\\s+(?=(?:i|i'm|i've|my|call me)\\b)|\\s*,\\s+(?=(?:i|i'm|my)\\b)", FLAGS);
    private static final Pattern QUESTION_START = Pattern.compile(
            "^(?:what|what's|whats|who|who's|where|where's|when|why|how|which|whose|do|does|did|is|are|am|can|could|"
                    + "would|will|should|have|has|tell me)\\b", FLAGS);
    private static final Pattern FILLER = Pattern.compile(
            "^(?:(?:actually|well|oh|also|btw|by the way|and|but|so|ok|okay|fyi|just so you know|hi|hello|hey|janus|"
                    + "please|now)\\b[,:!\\s]*)+", FLAGS);
    private static final Pattern REMEMBER = Pattern.compile(
            "^(?:please\\s+)?(?:remember|note|don't forget|do not forget|keep in mind|make a note)(?:\\s+that)?[:,]?\\s+(.+)$",
            FLAGS);
    private static final Pattern TRAILING = Pattern.compile(
            "(?:\\s*,)?\\s+(?:now|nowadays|currently|these days|at the moment|right now|today|anymore|any more|"
                    + "too|as well|though|by the way|actually|please|thanks|thank you)$|[\\s,.!?;:'\"]+$", FLAGS);
    private static final Pattern CUT = Pattern.compile(
            "\\s*,?\\s+(?:and|but|because|since|so|which|who|where|when|although|while)\\s+.*$|\\s*,\\s+.*$", FLAGS);
    private static final Pattern PRONOUN = Pattern.compile("^(?:it|that|this|them|those|these|you|him|her|so|to)$",
            FLAGS);
    private static final Set<String> NOT_ATTRIBUTES = Set.of("question", "point", "guess", "pleasure", "bad", "fault",
            "turn", "concern", "answer", "reply", "message", "idea", "feeling", "opinion", "understanding", "hope",
            "plan", "goal", "bet", "apologies", "thought", "thoughts", "worry");
    private static final Set<String> NOT_NAMES = Set.of("fine", "good", "ok", "okay", "back", "here", "there",
            "sorry", "ready", "done", "busy", "tired", "happy", "sad", "sure", "new", "glad", "hungry", "well", "not",
            "just", "so", "very", "also", "still", "going", "trying", "looking", "working", "living", "from", "in",
            "at", "a", "an", "the", "tomorrow", "later", "anytime", "when", "if", "on", "maybe", "afraid", "bored", "late", "free", "excited", "curious", "confused", "interested");
    private static final Set<String> NOT_JOBS = Set.of("fan", "bit", "little", "lot", "big", "huge", "person",
            "morning", "night", "member", "friend", "beginner", "user", "customer", "human");

    private final List<Rule> rules = List.of(
            new Rule(FactAttributes.NAME, "(?:my name is|my name's|call me|i am called|i'm called|people call me|"
                    + "you can call me)\\s+(.+)"),
            new Rule(FactAttributes.AGE, "\\bi(?:'m| am)\\s+(\\d{1,3})\\s*(?:years?(?:\\s+old)?|yo)\\b.*"),
            new Rule(FactAttributes.LOCATION, "\\b(?:i live in|i live at|i'm living in|i am living in|i now live in|"
                    + "i moved to|i've moved to|i have moved to|i relocated to|i'm based in|i am based in|i reside in|"
                    + "my home is in|i'm now living in|i am now living in)\\s+(.+)"),
            new Rule(FactAttributes.HOMETOWN, "\\b(?:i'm from|i am from|i come from|i grew up in|i was born in)\\s+"
                    + "(\\p{L}.*)"),
            new Rule(FactAttributes.JOB, "\\b(?:i work as|i'm working as|i am working as|my job is|my profession is|"
                    + "my occupation is|i'm employed as|i am employed as|my role is)\\s+(?:an?\\s+)?(.+?)"
                    + "(?:\\s+(?:at|for|in)\\s+.*)?$"),
            new Rule(FactAttributes.EMPLOYER, "\\b(?:i work at|i work for|i'm working at|i am working at|"
                    + "i'm working for|i am working for|i'm employed at|i am employed at|i'm employed by|"
                    + "i am employed by|my employer is|my company is|i joined)\\s+(.+?)(?:\\s+as\\s+.*)?$"),
            new Rule(FactAttributes.JOB, "\\bi work at .+?\\s+as\\s+(?:an?\\s+)?(.+)"),
            new Rule(FactAttributes.EMPLOYER, "\\bi work as .+?\\s+(?:at|for)\\s+(.+)"),
            new Rule(FactAttributes.DISLIKES, "\\bi (?:really |also |absolutely |just )?(?:don't like|do not like|"
                    + "dislike|hate|can't stand|cannot stand|detest)\\s+(.+)"),
            new Rule(FactAttributes.PREFERENCE, "\\b(?:i (?:really |also |generally |usually )?prefer|"
                    + "my preference is)\\s+(.+)"),
            new Rule(FactAttributes.LIKES, "\\bi (?:really |also |absolutely |just |do )?(?:like|love|enjoy|adore)\\s+"
                    + "(.+)"));

    private static final Pattern I_AM_NAME = Pattern.compile("^[iI](?:'m| am)\\s+(\\p{Lu}[\\p{L}'\\-]+)$");
    private static final Pattern I_AM_JOB = Pattern.compile("^i(?:'m| am)\\s+(?:an?)\\s+(\\p{L}+(?:\\s+\\p{L}+)?)$",
            FLAGS);
    private static final Pattern MY_X_IS_Y = Pattern.compile(
            "\\bmy\\s+([\\p{L}][\\p{L}'\\-]*(?:\\s+[\\p{L}][\\p{L}'\\-]*){0,3}?)\\s+(?:is|are|was|=)\\s+(.+)", FLAGS);

    @Override
    public List<ExtractedFact> extract(String text) {
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        Map<String, ExtractedFact> found = new LinkedHashMap<>();
        Matcher sentences = CLAUSE.matcher(bounded);
        while (sentences.find()) {
            String sentence = sentences.group().strip();
            if (sentence.endsWith("?")) {
                continue;
            }
            for (String clause : CONJUNCTION.split(sentence)) {
                extractClause(clause, found, true);
            }
        }
        return List.copyOf(found.values());
    }

    private void extractClause(String raw, Map<String, ExtractedFact> found, boolean mayRemember) {
        String clause = FILLER.matcher(raw.strip()).replaceFirst("").strip();
        clause = clause.replace('’', '\'');
        if (clause.isEmpty() || QUESTION_START.matcher(clause).find()) {
            return;
        }
        Matcher remember = REMEMBER.matcher(clause);
        if (mayRemember && remember.matches()) {
            String inner = remember.group(1);
            int before = found.size();
            for (String part : CONJUNCTION.split(inner)) {
                extractClause(part, found, false);
            }
            if (found.size() == before) {
                add(found, FactAttributes.NOTE, clean(inner, false));
            }
            return;
        }
        String withoutEnd = TRAILING.matcher(clause).replaceAll("");
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern().matcher(withoutEnd);
            if (matcher.find() && !found.containsKey(key(rule.attribute(), null))) {
                String value = clean(matcher.group(1), true);
                if (rule.attribute().equals(FactAttributes.NAME)) {
                    value = nameOf(value);
                }
                if (rule.attribute().equals(FactAttributes.LIKES) && clause.toLowerCase(Locale.ROOT).matches(
                        ".*\\b(?:i would|i'd)\\s+(?:like|love).*")) {
                    continue;
                }
                if (rule.attribute().equals(FactAttributes.JOB) && NOT_JOBS.contains(headWord(value))) {
                    continue;
                }
                add(found, rule.attribute(), value);
            }
        }
        String plain = TRAILING.matcher(clause).replaceAll("").strip();
        Matcher name = I_AM_NAME.matcher(plain);
        if (name.matches() && !NOT_NAMES.contains(name.group(1).toLowerCase(Locale.ROOT))) {
            add(found, FactAttributes.NAME, name.group(1));
        }
        Matcher job = I_AM_JOB.matcher(plain);
        if (job.matches() && !NOT_JOBS.contains(headWord(job.group(1)))) {
            add(found, FactAttributes.JOB, job.group(1));
        }
        Matcher generic = MY_X_IS_Y.matcher(withoutEnd);
        if (generic.find()) {
            String attribute = FactAttributes.normalisedAttribute(generic.group(1));
            if (!NOT_ATTRIBUTES.contains(attribute) && !isKnownPhrase(attribute)) {
                String value = clean(generic.group(2), true).replaceFirst("(?i)^(?:on|at|in)\\s+", "");
                add(found, attribute, value);
            }
        }
    }

    /** Attributes the specific rules own, so "my name is" and "my job is" are not read twice. */
    private static boolean isKnownPhrase(String attribute) {
        return attribute.equals("name") || attribute.equals("job") || attribute.equals("profession")
                || attribute.equals("occupation") || attribute.equals("employer") || attribute.equals("company")
                || attribute.equals("preference") || attribute.equals("role") || attribute.equals("home");
    }

    private static void add(Map<String, ExtractedFact> found, String attribute, String value) {
        if (value.isBlank() || value.length() > MAX_VALUE || PRONOUN.matcher(value).matches()
                || attribute.length() > 60) {
            return;
        }
        String key = key(attribute, FactAttributes.singleValued(attribute) ? null : value);
        found.putIfAbsent(key, new ExtractedFact(attribute, value));
    }

    private static String key(String attribute, String value) {
        return value == null ? attribute : attribute + "\u0000" + FactAttributes.normalisedValue(value);
    }

    /** The value up to where the clause moves on ("… and I …", ", which …"), without trailing filler. */
    private static String clean(String value, boolean cut) {
        String result = value.strip();
        if (cut) {
            result = CUT.matcher(result).replaceFirst("");
        }
        String before;
        do {
            before = result;
            result = TRAILING.matcher(result).replaceAll("").strip();
        }
        while (!result.equals(before));
        result = result.replaceFirst("(?i)^to\\s+(?=\\p{L}+ing\\b)", "");
        return result.replaceAll("^[\"']|[\"']$", "").strip();
    }

    /** A name is at most four words of letters; "Ada now" and "Ada, thanks" are "Ada". */
    private static String nameOf(String value) {
        String[] words = value.split("\\s+");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < words.length && i < 4; i++) {
            String word = words[i].replaceAll("[^\\p{L}'\\-]", "");
            if (word.isEmpty() || (NOT_NAMES.contains(word.toLowerCase(Locale.ROOT)))
                    || (i > 0 && Character.isLowerCase(word.charAt(0)))) {
                break;
            }
            if (i > 0) {
                name.append(' ');
            }
            name.append(word);
        }
        String result = name.toString();
        return result.isEmpty() ? result : Character.toUpperCase(result.charAt(0)) + result.substring(1);
    }

    /** The last word, which in English names what a noun phrase is: "software engineer" is an engineer. */
    private static String headWord(String value) {
        String[] words = value.strip().toLowerCase(Locale.ROOT).split("\\s+");
        return words.length == 0 ? "" : words[words.length - 1];
    }

    private record Rule(String attribute, Pattern pattern) {

        Rule(String attribute, String regex) {
            this(attribute, Pattern.compile(regex, FLAGS));
        }
    }
}
