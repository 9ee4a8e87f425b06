package dev.janus.memory.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.events.vocabulary.FactVocabulary;
import dev.janus.events.vocabulary.SentenceType;
import dev.janus.events.vocabulary.Sentences;
import dev.janus.events.vocabulary.Words;
import org.jspecify.annotations.Nullable;

/**
 * The default extractor: English phrasings people use to tell facts about themselves, matched clause by clause.
 * Sentences are cut without cutting names ("Dr. Okafor", "J. M. W. Turner", "St. Louis" stay whole), and questions
 * (by the shared {@link SentenceType}) state nothing. Recognised, with the attribute they set: "my name is / call me /
 * I'm called X" ({@code name}), "I live in / moved to / am based in X" ({@code location}), "I'm from / grew up in X"
 * ({@code hometown}), "I work at / for X" ({@code employer}), "I work as / my job is / I'm a X" ({@code job}), "I'm N
 * years old" ({@code age}), "I like / love / enjoy X" ({@code likes}), "I hate / don't like X" ({@code dislikes}),
 * "I prefer X" ({@code preference}), "my X is Y", "my X is called Y" and "my X's name is Y" (attribute X in the shared
 * {@link FactVocabulary}: "my GP is called Dr. Lee" is {@code doctor = Dr. Lee}), and a command to remember ("(can
 * you) remember that …"), which is parsed again and otherwise kept as a {@code note}. Every pattern is RE2/J (linear
 * in the text) or plain code; the text is cut to {@value #MAX_TEXT} characters, and the first
 * {@value FactExtractor#MAX_FACTS} facts found are kept. Thread-safe.
 */
public final class RuleBasedFactExtractor implements FactExtractor {

    private static final int MAX_TEXT = 4_000;
    private static final int MAX_VALUE = 200;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE;

    private static final Pattern FILLER = Pattern.compile(
            "^(?:(?:actually|well|oh|also|btw|by the way|and|but|so|ok|okay|fyi|just so you know|hi|hello|hey|janus|"
                    + "please|now)\\b[,:!\\s]*)+", FLAGS);
    private static final Pattern CUT = Pattern.compile(
            "\\s*,?\\s+(?:and|but|because|since|so|which|who|where|when|although|while)\\s+.*$|\\s*,\\s+.*$", FLAGS);
    private static final Pattern WOULD_LIKE = Pattern.compile("\\b(?:i would|i'd)\\s+(?:like|love)", FLAGS);
    private static final Pattern I_AM_NAME = Pattern.compile("^[iI](?:'m| am)\\s+(\\p{Lu}[\\p{L}'\\-]+)$");
    private static final Pattern I_AM_JOB = Pattern.compile("^i(?:'m| am)\\s+(?:an?)\\s+(\\p{L}+(?:\\s+\\p{L}+)?)$",
            FLAGS);
    private static final Pattern MY_X_IS_Y = Pattern.compile(
            "\\bmy\\s+([\\p{L}][\\p{L}'\\-]*(?:\\s+[\\p{L}][\\p{L}'\\-]*){0,3}?)\\s+(?:is|are|was|=)\\s+(.+)", FLAGS);

    /** Words that end a clause without being part of its value: "I live in Munich now". */
    private static final List<String> TRAILING_WORDS = List.of("now", "nowadays", "currently", "these days",
            "at the moment", "right now", "today", "anymore", "any more", "too", "as well", "though", "by the way",
            "actually", "please", "thanks", "thank you");

    /** Words that open a value without being part of it: "my locker number is now 17". */
    private static final Set<String> LEADING_WORDS = Set.of("now", "currently", "actually", "still", "officially",
            "called", "named", "on", "at", "in");

    /** Abbreviations whose dot belongs to the value: "Washington D.C.", "Acme Inc.". */
    private static final Set<String> ABBREVIATIONS = Set.of("inc", "ltd", "co", "corp", "jr", "sr", "st", "dr", "mr",
            "mrs", "ms", "prof", "llc", "plc", "mt");

    private static final Set<String> CLAUSE_OPENERS = Set.of("i", "i'm", "i've", "my");
    private static final Set<String> PRONOUNS = Set.of("it", "that", "this", "them", "those", "these", "you", "him",
            "her", "so", "to");
    private static final Set<String> NOT_ATTRIBUTES = Set.of("question", "point", "guess", "pleasure", "bad", "fault",
            "turn", "concern", "answer", "reply", "message", "idea", "feeling", "opinion", "understanding", "hope",
            "plan", "goal", "bet", "apologies", "thought", "thoughts", "worry");
    /** Attributes the specific rules own, so "my name is" and "my job is" are not read twice. */
    private static final Set<String> OWNED_BY_RULES = Set.of(FactVocabulary.NAME, FactVocabulary.JOB,
            FactVocabulary.EMPLOYER, FactVocabulary.PREFERENCE, FactVocabulary.LOCATION);
    private static final Set<String> NOT_NAMES = Set.of("fine", "good", "ok", "okay", "back", "here", "there",
            "sorry", "ready", "done", "busy", "tired", "happy", "sad", "sure", "new", "glad", "hungry", "well", "not",
            "just", "so", "very", "also", "still", "going", "trying", "looking", "working", "living", "from", "in",
            "at", "a", "an", "the", "tomorrow", "later", "anytime", "when", "if", "on", "maybe", "afraid", "bored",
            "late", "free", "excited", "curious", "confused", "interested");
    private static final Set<String> NOT_JOBS = Set.of("fan", "bit", "little", "lot", "big", "huge", "person",
            "morning", "night", "member", "friend", "beginner", "user", "customer", "human");

    private final List<Rule> rules = List.of(
            new Rule(FactVocabulary.NAME, "(?:my name is|my name's|call me|i am called|i'm called|people call me|"
                    + "you can call me)\\s+(.+)"),
            new Rule(FactVocabulary.AGE, "\\bi(?:'m| am)\\s+(\\d{1,3})\\s*(?:years?(?:\\s+old)?|yo)\\b.*"),
            new Rule(FactVocabulary.LOCATION, "\\b(?:i live in|i live at|i'm living in|i am living in|i now live in|"
                    + "i moved to|i've moved to|i have moved to|i relocated to|i'm based in|i am based in|i reside in|"
                    + "my home is in|i'm now living in|i am now living in)\\s+(.+)"),
            new Rule(FactVocabulary.HOMETOWN, "\\b(?:i'm from|i am from|i come from|i grew up in|i was born in)\\s+"
                    + "(\\p{L}.*)"),
            new Rule(FactVocabulary.JOB, "\\b(?:i work as|i'm working as|i am working as|my job is|my profession is|"
                    + "my occupation is|i'm employed as|i am employed as|my role is)\\s+(?:an?\\s+)?(.+?)"
                    + "(?:\\s+(?:at|for|in)\\s+.*)?$"),
            new Rule(FactVocabulary.EMPLOYER, "\\b(?:i work at|i work for|i'm working at|i am working at|"
                    + "i'm working for|i am working for|i'm employed at|i am employed at|i'm employed by|"
                    + "i am employed by|my employer is|my company is|i joined)\\s+(.+?)(?:\\s+as\\s+.*)?$"),
            new Rule(FactVocabulary.JOB, "\\bi work at .+?\\s+as\\s+(?:an?\\s+)?(.+)"),
            new Rule(FactVocabulary.EMPLOYER, "\\bi work as .+?\\s+(?:at|for)\\s+(.+)"),
            new Rule(FactVocabulary.DISLIKES, "\\bi (?:really |also |absolutely |just )?(?:don't like|do not like|"
                    + "dislike|hate|can't stand|cannot stand|detest)\\s+(.+)"),
            new Rule(FactVocabulary.PREFERENCE, "\\b(?:i (?:really |also |generally |usually )?prefer|"
                    + "my preference is)\\s+(.+)"),
            new Rule(FactVocabulary.LIKES, "\\bi (?:really |also |absolutely |just |do )?(?:like|love|enjoy|adore)\\s+"
                    + "(.+)"));

    @Override
    public List<ExtractedFact> extract(String text) {
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        Map<String, ExtractedFact> found = new LinkedHashMap<>();
        for (String sentence : Sentences.of(bounded)) {
            if (SentenceType.of(sentence) == SentenceType.QUESTION) {
                continue;
            }
            Optional<String> remembered = SentenceType.toRemember(sentence);
            if (remembered.isPresent()) {
                int before = found.size();
                clauses(remembered.get()).forEach(clause -> extractClause(clause, found));
                if (found.size() == before) {
                    add(found, FactVocabulary.NOTE, clean(remembered.get(), false));
                }
                continue;
            }
            clauses(sentence).forEach(clause -> extractClause(clause, found));
        }
        return found.values().stream().limit(MAX_FACTS).toList();
    }

    /**
     * The sentence cut where it moves on to another statement about the speaker: before "and / but / also" followed by
     * "I", "I'm", "I've", "my" or "call me", and at a comma followed by "I", "I'm" or "my".
     */
    static List<String> clauses(String sentence) {
        List<Words.Token> tokens = Words.tokens(sentence);
        List<String> clauses = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < tokens.size(); i++) {
            Words.Token token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).lower() : "";
            boolean joins = token.lower().equals("and") || token.lower().equals("but") || token.lower().equals("also");
            boolean opensAfterJoin = CLAUSE_OPENERS.contains(next)
                    || (next.equals("call") && i + 2 < tokens.size() && tokens.get(i + 2).lower().equals("me"));
            if (joins && opensAfterJoin) {
                clauses.add(sentence.substring(start, token.start()));
                start = tokens.get(i + 1).start();
                i++;
            }
            else if (CLAUSE_OPENERS.contains(token.lower()) && !token.lower().equals("i've")
                    && hasComma(sentence, tokens.get(i - 1).end(), token.start())) {
                clauses.add(sentence.substring(start, token.start()));
                start = token.start();
            }
        }
        clauses.add(sentence.substring(start));
        return clauses.stream().map(clause -> stripEnd(clause, false)).filter(clause -> !clause.isBlank()).toList();
    }

    private static boolean hasComma(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ',') {
                return true;
            }
        }
        return false;
    }

    private void extractClause(String raw, Map<String, ExtractedFact> found) {
        String clause = FILLER.matcher(raw.strip()).replaceFirst("").strip().replace('\u2019', '\'');
        if (clause.isEmpty() || SentenceType.of(clause) == SentenceType.QUESTION) {
            return;
        }
        String withoutEnd = stripEnd(clause, true);
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern().matcher(withoutEnd);
            if (matcher.find() && !found.containsKey(key(rule.attribute(), null))) {
                String value = clean(matcher.group(1), true);
                if (rule.attribute().equals(FactVocabulary.NAME)) {
                    value = nameOf(value);
                }
                if (rule.attribute().equals(FactVocabulary.LIKES) && WOULD_LIKE.matcher(clause).find()) {
                    continue;
                }
                if (rule.attribute().equals(FactVocabulary.JOB) && NOT_JOBS.contains(headWord(value))) {
                    continue;
                }
                add(found, rule.attribute(), value);
            }
        }
        Matcher name = I_AM_NAME.matcher(withoutEnd);
        if (name.matches() && !NOT_NAMES.contains(name.group(1).toLowerCase(Locale.ROOT))) {
            add(found, FactVocabulary.NAME, name.group(1));
        }
        Matcher job = I_AM_JOB.matcher(withoutEnd);
        if (job.matches() && !NOT_JOBS.contains(headWord(job.group(1)))) {
            add(found, FactVocabulary.JOB, job.group(1));
        }
        Matcher generic = MY_X_IS_Y.matcher(withoutEnd);
        if (generic.find()) {
            String attribute = FactVocabulary.canonical(generic.group(1));
            if (!NOT_ATTRIBUTES.contains(attribute) && !OWNED_BY_RULES.contains(attribute)) {
                add(found, attribute, withoutLeadingWords(clean(generic.group(2), true)));
            }
        }
    }

    private static void add(Map<String, ExtractedFact> found, String attribute, String value) {
        if (value.isBlank() || value.length() > MAX_VALUE || PRONOUNS.contains(value.toLowerCase(Locale.ROOT))
                || attribute.length() > 60) {
            return;
        }
        String key = key(attribute, FactVocabulary.singleValued(attribute) ? null : value);
        found.putIfAbsent(key, new ExtractedFact(attribute, value));
    }

    private static String key(String attribute, @Nullable String value) {
        return value == null ? attribute : attribute + "\u0000" + FactAttributes.normalisedValue(value);
    }

    /** The value up to where the clause moves on ("… and I …", ", which …"), without trailing filler or quotes. */
    private static String clean(String value, boolean cut) {
        String result = value.strip();
        if (cut) {
            result = CUT.matcher(result).replaceFirst("");
        }
        result = stripEnd(result, true);
        // "I love to swim" → "swimming" is the value people mean; "to cook" stays
        List<Words.Token> tokens = Words.tokens(result);
        if (tokens.size() >= 2 && tokens.get(0).lower().equals("to") && tokens.get(1).lower().endsWith("ing")
                && tokens.get(0).start() == 0) {
            result = result.substring(tokens.get(1).start());
        }
        return stripQuotes(result);
    }

    private static String stripQuotes(String value) {
        int from = 0;
        int to = value.length();
        if (to > from && (value.charAt(from) == '"' || value.charAt(from) == '\'')) {
            from++;
        }
        if (to > from && (value.charAt(to - 1) == '"' || value.charAt(to - 1) == '\'')) {
            to--;
        }
        return value.substring(from, to).strip();
    }

    /** Without leading "now", "called", "named", "on", "in", "at": "is called Dr. Lee" is "Dr. Lee". */
    private static String withoutLeadingWords(String value) {
        List<Words.Token> tokens = Words.tokens(value);
        int index = 0;
        while (index < tokens.size() - 1 && LEADING_WORDS.contains(tokens.get(index).lower())
                && isSpaceBetween(value, tokens.get(index).end(), tokens.get(index + 1).start())) {
            index++;
        }
        return index == 0 ? value : value.substring(tokens.get(index).start());
    }

    private static boolean isSpaceBetween(String value, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text without what trails its content: closing punctuation and quotes (but not the dot of an initial or an
     * abbreviation, "J. Smith", "D.C.", "Acme Inc.") and, with {@code words}, trailing filler words ("now", "too",
     * ", thanks"). One backward pass: each step removes characters, so it runs in time linear in the text.
     */
    static String stripEnd(String text, boolean words) {
        int end = text.length();
        boolean changed = true;
        while (changed && end > 0) {
            changed = false;
            while (end > 0 && isTrailingMark(text, end)) {
                end--;
                changed = true;
            }
            if (words) {
                for (String word : TRAILING_WORDS) {
                    int start = end - word.length();
                    if (start > 0 && text.regionMatches(true, start, word, 0, word.length())
                            && (Character.isWhitespace(text.charAt(start - 1)) || text.charAt(start - 1) == ',')) {
                        end = start;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return text.substring(0, end).strip();
    }

    /** Whether the character before {@code end} is trailing punctuation rather than part of the value. */
    private static boolean isTrailingMark(String text, int end) {
        char c = text.charAt(end - 1);
        if (Character.isWhitespace(c) || ",!?;:'\"\u2019\u201D".indexOf(c) >= 0) {
            return true;
        }
        if (c != '.') {
            return false;
        }
        int wordStart = end - 1;
        while (wordStart > 0 && Character.isLetter(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        int letters = end - 1 - wordStart;
        boolean initial = letters == 1 && Character.isUpperCase(text.charAt(wordStart))
                && (wordStart == 0 || text.charAt(wordStart - 1) == '.'
                        || Character.isWhitespace(text.charAt(wordStart - 1)));
        boolean abbreviation = letters > 0
                && ABBREVIATIONS.contains(text.substring(wordStart, end - 1).toLowerCase(Locale.ROOT));
        return !initial && !abbreviation;
    }

    /** A name is at most four words of letters (and initials); "Ada now" and "Ada, thanks" are "Ada". */
    private static String nameOf(String value) {
        StringBuilder name = new StringBuilder();
        int count = 0;
        for (String raw : value.strip().split(" ")) {
            if (raw.isEmpty()) {
                continue;
            }
            String word = lettersOf(raw);
            if (count == 4 || word.isEmpty() || NOT_NAMES.contains(word.toLowerCase(Locale.ROOT))
                    || (count > 0 && Character.isLowerCase(word.charAt(0)))) {
                break;
            }
            if (count > 0) {
                name.append(' ');
            }
            name.append(word);
            count++;
        }
        String result = name.toString();
        return result.isEmpty() ? result : Character.toUpperCase(result.charAt(0)) + result.substring(1);
    }

    /** The letters, apostrophes, hyphens and dots of a word: "Ada," is "Ada", "J." stays "J.". */
    private static String lettersOf(String word) {
        StringBuilder letters = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c) || c == '\'' || c == '-' || (c == '.' && i > 0)) {
                letters.append(c);
            }
        }
        String result = letters.toString();
        // a dot stays only after an initial: "J." but "Ada." is "Ada"
        return result.endsWith(".") && result.length() > 2 ? result.substring(0, result.length() - 1) : result;
    }

    /** The last word, which in English names what a noun phrase is: "software engineer" is an engineer. */
    private static String headWord(String value) {
        List<String> words = Words.of(value);
        return words.isEmpty() ? "" : words.get(words.size() - 1);
    }

    private record Rule(String attribute, Pattern pattern) {

        Rule(String attribute, String regex) {
            this(attribute, Pattern.compile(regex, FLAGS));
        }
    }
}
