package dev.janus.orchestrator.llm;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.janus.events.vocabulary.Words;

/**
 * The kind of answer a question asks for, from its question word, and whether a word of a text gives one: "where"
 * needs a place ("in meeting room 4", not "at 6"), "when" and "what time" a time ("every Friday at 5pm"), "who" and
 * "what is … called" a name, "how many" a number, "why" a reason. "The quarterly report is almost done." is about the
 * question "when is the quarterly report due?" but gives no time, so it does not answer it. Plain code over the words.
 */
enum AnswerKind {

    /** "where …": a place. */
    PLACE,

    /** "when …", "what time …", "which day …": a time. */
    TIME,

    /** "who …": someone, by name. */
    PERSON,

    /** "how many …", "how much …", "how old …": a number. */
    NUMBER,

    /** "why …": a reason. */
    REASON,

    /** "what is … called", "what is … 's name": a name. */
    NAME,

    /** "what …", "which …", anything else: any text. */
    ANY;

    private static final Set<String> PLACE_WORDS = Set.of("in", "on", "at", "under", "near", "behind", "inside",
            "beside", "above", "below", "outside", "upstairs", "downstairs", "next", "between", "across", "into",
            "onto", "from", "by", "home", "there", "here");

    private static final Set<String> TIME_WORDS = Set.of("today", "tomorrow", "tonight", "yesterday", "morning",
            "afternoon", "evening", "night", "noon", "midnight", "week", "weekend", "weekday", "weekdays", "month",
            "year", "daily", "weekly", "monthly", "yearly", "every", "always", "never", "soon", "later", "o'clock",
            "am", "pm", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
            "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "january", "february", "march",
            "april", "may", "june", "july", "august", "september", "october", "november", "december", "spring",
            "summer", "autumn", "fall", "winter", "christmas", "easter", "midday", "hour", "hours", "minutes");

    private static final Set<String> TIME_QUESTIONS = Set.of("time", "day", "date", "year", "month", "hour",
            "days", "weekday");

    private static final Set<String> NUMBER_WORDS = Set.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "twenty", "thirty", "forty", "fifty",
            "hundred", "thousand", "million", "none", "half", "once", "twice");

    private static final Set<String> REASON_WORDS = Set.of("because", "since", "due", "so", "as", "reason", "cause",
            "caused", "thanks");

    private static final Set<String> TITLES = Set.of("dr", "mr", "mrs", "ms", "prof");

    private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "my", "your", "our", "their", "his", "her",
            "its", "this", "that");

    /** The kind of answer the question's first question word asks for. */
    static AnswerKind of(List<String> questionWords) {
        AnswerKind kind = byQuestionWord(questionWords);
        boolean asksName = questionWords.contains("called") || questionWords.contains("named")
                || questionWords.contains("name");
        return kind == ANY && asksName ? NAME : kind;
    }

    private static AnswerKind byQuestionWord(List<String> questionWords) {
        for (int i = 0; i < questionWords.size(); i++) {
            String word = Words.withoutPossessive(questionWords.get(i));
            String next = i + 1 < questionWords.size() ? questionWords.get(i + 1) : "";
            switch (word) {
                case "where":
                    return PLACE;
                case "when":
                    return TIME;
                case "who":
                case "whom":
                    return PERSON;
                case "why":
                    return REASON;
                case "how":
                    if (next.equals("many") || next.equals("much") || next.equals("old") || next.equals("long")
                            || next.equals("far")) {
                        return NUMBER;
                    }
                    return next.equals("often") ? TIME : ANY;
                case "what":
                case "which":
                    return TIME_QUESTIONS.contains(next) ? TIME : ANY;
                case "whose":
                    return ANY;
                default:
                    break;
            }
        }
        return ANY;
    }

    /** Whether the word at {@code index} of a text gives an answer of this kind. */
    boolean givenAt(List<Words.Token> tokens, int index) {
        Words.Token token = tokens.get(index);
        String lower = token.lower();
        boolean digits = Character.isDigit(lower.charAt(0));
        return switch (this) {
            case PLACE -> isPlace(tokens, index);
            case TIME -> digits || TIME_WORDS.contains(lower);
            case NUMBER -> digits || NUMBER_WORDS.contains(lower);
            case REASON -> REASON_WORDS.contains(lower);
            case PERSON, NAME -> TITLES.contains(lower) || (index > 0
                    && Character.isUpperCase(token.written().charAt(0)) && !lower.equals("i")
                    && !lower.startsWith("i'"));
            case ANY -> true;
        };
    }

    /** A place word, or a preposition of place before something that is not a time: "in the garden", not "at 6". */
    private static boolean isPlace(List<Words.Token> tokens, int index) {
        String lower = tokens.get(index).lower();
        if (!PLACE_WORDS.contains(lower)) {
            return false;
        }
        if (lower.equals("home") || lower.equals("there") || lower.equals("here") || lower.equals("upstairs")
                || lower.equals("downstairs") || lower.equals("outside") || lower.equals("inside")) {
            return true;
        }
        int next = index + 1;
        while (next < tokens.size() && DETERMINERS.contains(tokens.get(next).lower())) {
            next++;
        }
        if (next >= tokens.size()) {
            return false;
        }
        String object = tokens.get(next).lower();
        return !Character.isDigit(object.charAt(0)) && !TIME_WORDS.contains(object);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
