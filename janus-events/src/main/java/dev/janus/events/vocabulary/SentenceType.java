package dev.janus.events.vocabulary;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of sentence a message is, decided before its intent, so that a question is never taken for a statement:
 * a question (a question mark, an interrogative opening "what/where/who …", an inversion "do/can/is … you", or an
 * indirect question "tell me where …", "I wonder if …"), a command ("set a timer", "tell me a joke", and "(can you)
 * remember that …", a command to remember), or a statement. A message of several sentences is a question when one
 * of them is, else a command when one of them is. Plain code over the words, linear in the text; thread-safe.
 */
public enum SentenceType {

    /** Asks for something to be answered. */
    QUESTION,

    /** Asks for something to be done, remembering included. */
    COMMAND,

    /** States something. */
    STATEMENT;

    private static final Set<String> INTERROGATIVES = Set.of("what", "who", "whom", "whose", "where", "when", "why",
            "how", "which", "whats", "wheres", "whos", "hows");

    private static final Set<String> BE = Set.of("is", "are", "am", "was", "were", "isn't", "aren't", "wasn't",
            "weren't");

    private static final Set<String> AUXILIARIES = Set.of("do", "does", "did", "can", "could", "would", "will",
            "shall", "should", "may", "might", "must", "have", "has", "had", "don't", "doesn't", "didn't", "can't",
            "couldn't", "won't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't");

    private static final Set<String> SUBJECTS = Set.of("i", "you", "he", "she", "it", "we", "they", "my", "your",
            "his", "her", "our", "their", "the", "this", "that", "these", "those", "there", "a", "an", "anyone",
            "someone", "anybody", "somebody", "anything", "something", "janus", "u", "ya");

    private static final Set<String> FILLERS = Set.of("hi", "hello", "hey", "ok", "okay", "so", "well", "oh", "and",
            "but", "also", "actually", "btw", "janus", "um", "uh", "hmm", "yes", "yeah", "no", "right", "now",
            "anyway", "alright", "sorry", "fyi", "ps", "please", "quick", "question", "again", "just");

    private static final Set<String> IMPERATIVES = Set.of("tell", "give", "show", "list", "find", "set", "remind",
            "convert", "calculate", "compute", "add", "subtract", "multiply", "divide", "start", "stop", "cancel",
            "put", "make", "help", "explain", "describe", "let", "call", "send", "play", "open", "check", "search",
            "look", "translate", "write", "create", "turn", "repeat", "say", "forget", "delete", "remove",
            "summarize", "summarise", "remember", "note", "memorize", "memorise", "book", "schedule", "count",
            "define", "read", "keep", "save", "store", "record", "use", "try", "go", "run", "pick", "choose", "name",
            "suggest", "recommend", "update", "change", "erase", "clear", "don't", "do", "never");

    private static final Set<String> INDIRECT = Set.of("if", "whether", "about");

    private static final Set<String> REMEMBERING = Set.of("remember", "memorize", "memorise", "note");

    /** The type of the message. */
    public static SentenceType of(String text) {
        boolean command = false;
        for (String sentence : Sentences.of(text)) {
            SentenceType type = ofSentence(sentence);
            if (type == QUESTION) {
                return QUESTION;
            }
            command |= type == COMMAND;
        }
        return command ? COMMAND : STATEMENT;
    }

    /**
     * What a command to remember asks to be remembered, as written: "Can you remember that my locker is 42?" gives
     * "my locker is 42", "Please note: the deploy runs on Fridays." gives "the deploy runs on Fridays"; empty for
     * anything else, "can you remember where I parked?" (a question) and "remember to call Mum" (a reminder) included.
     */
    public static Optional<String> toRemember(String sentence) {
        List<Words.Token> tokens = Words.tokens(sentence);
        int content = rememberedFrom(tokens, skipFillers(tokens));
        if (content < 0) {
            return Optional.empty();
        }
        String remembered = sentence.substring(tokens.get(content).start()).strip();
        int end = remembered.length();
        while (end > 0 && ".!?;:".indexOf(remembered.charAt(end - 1)) >= 0) {
            end--;
        }
        return Optional.of(remembered.substring(0, end).strip());
    }

    /** Whether one of the text's sentences is a command to remember ({@link #toRemember}). */
    public static boolean asksToRemember(String text) {
        for (String sentence : Sentences.of(text)) {
            if (toRemember(sentence).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static SentenceType ofSentence(String sentence) {
        List<Words.Token> tokens = Words.tokens(sentence);
        int first = skipFillers(tokens);
        if (rememberedFrom(tokens, first) >= 0) {
            return COMMAND;
        }
        if (sentence.stripTrailing().endsWith("?")) {
            return QUESTION;
        }
        if (first >= tokens.size()) {
            return STATEMENT;
        }
        String opening = tokens.get(first).lower();
        String second = word(tokens, first + 1);
        if (INTERROGATIVES.contains(Words.withoutPossessive(opening))) {
            // "what a day" is an exclamation
            return opening.equals("what") && (second.equals("a") || second.equals("an")) ? STATEMENT : QUESTION;
        }
        if (BE.contains(opening) && !second.isEmpty()) {
            return QUESTION;
        }
        if (AUXILIARIES.contains(opening) && (SUBJECTS.contains(second) || isName(tokens, first + 1))) {
            return QUESTION;
        }
        if (isIndirectQuestion(tokens, first)) {
            return QUESTION;
        }
        return IMPERATIVES.contains(opening) ? COMMAND : STATEMENT;
    }

    /** "tell me where …", "remind me what …", "I wonder if …", "I'd like to know …", "I forgot where …". */
    private static boolean isIndirectQuestion(List<Words.Token> tokens, int first) {
        String opening = word(tokens, first);
        String second = word(tokens, first + 1);
        String third = word(tokens, first + 2);
        boolean asks = INTERROGATIVES.contains(third) || INDIRECT.contains(third);
        if ((opening.equals("tell") || opening.equals("show")) && second.equals("me")) {
            return asks;
        }
        if (opening.equals("remind") && second.equals("me")) {
            return INTERROGATIVES.contains(third) && !third.equals("when");
        }
        if (opening.equals("any") && second.equals("idea")) {
            return true;
        }
        boolean speaker = opening.equals("i") || opening.equals("i'm") || opening.equals("i'd");
        if (!speaker) {
            return false;
        }
        if (second.equals("wonder") || second.equals("forgot") || second.equals("forget")) {
            return INTERROGATIVES.contains(third) || INDIRECT.contains(third);
        }
        if (second.equals("wondering") || (second.equals("was") && third.equals("wondering"))) {
            return true;
        }
        // "I'd like to know", "I want to know", "I need to know"
        int at = first + 1;
        if (word(tokens, at).equals("would")) {
            at++;
        }
        String verb = word(tokens, at);
        return (verb.equals("like") || verb.equals("want") || verb.equals("need")) && word(tokens, at + 1).equals("to")
                && word(tokens, at + 2).equals("know");
    }

    /** The index of the first word to remember after "(please) (can you) remember (that)", or -1. */
    private static int rememberedFrom(List<Words.Token> tokens, int first) {
        int at = first;
        if (word(tokens, at).equals("please")) {
            at++;
        }
        String opening = word(tokens, at);
        if ((opening.equals("can") || opening.equals("could") || opening.equals("would") || opening.equals("will"))
                && word(tokens, at + 1).equals("you")) {
            at += 2;
        }
        else if ((opening.equals("i") || opening.equals("i'd")) && isWantYouTo(tokens, at + 1)) {
            at = indexAfterYouTo(tokens, at + 1);
        }
        if (word(tokens, at).equals("please")) {
            at++;
        }
        int verbEnd = rememberVerbEnd(tokens, at);
        if (verbEnd < 0) {
            return -1;
        }
        at = verbEnd;
        if (word(tokens, at).equals("that") || word(tokens, at).equals("this")) {
            at++;
        }
        String next = word(tokens, at);
        if (next.isEmpty() || INTERROGATIVES.contains(next) || INDIRECT.contains(next) || next.equals("to")
                || next.equals("me") || next.equals("it")) {
            return -1;
        }
        return at;
    }

    /** After "I": "want you to", "need you to", "'d like you to", "would like you to". */
    private static boolean isWantYouTo(List<Words.Token> tokens, int at) {
        return indexAfterYouTo(tokens, at) > at;
    }

    private static int indexAfterYouTo(List<Words.Token> tokens, int at) {
        int i = at;
        if (word(tokens, i).equals("would")) {
            i++;
        }
        String verb = word(tokens, i);
        if ((verb.equals("want") || verb.equals("need") || verb.equals("like")) && word(tokens, i + 1).equals("you")
                && word(tokens, i + 2).equals("to")) {
            return i + 3;
        }
        return at;
    }

    /** The index after "remember", "note", "keep in mind", "make a note (of)", "don't forget", …; or -1. */
    private static int rememberVerbEnd(List<Words.Token> tokens, int at) {
        String verb = word(tokens, at);
        if (REMEMBERING.contains(verb)) {
            return at + 1;
        }
        if (verb.equals("keep") && word(tokens, at + 1).equals("in") && word(tokens, at + 2).equals("mind")) {
            return at + 3;
        }
        if ((verb.equals("make") || verb.equals("take")) && (word(tokens, at + 1).equals("a")
                || word(tokens, at + 1).equals("note"))) {
            int i = word(tokens, at + 1).equals("a") ? at + 2 : at + 1;
            if (!word(tokens, i).equals("note")) {
                return -1;
            }
            return word(tokens, i + 1).equals("of") ? i + 2 : i + 1;
        }
        if (verb.equals("don't") && word(tokens, at + 1).equals("forget")) {
            return at + 2;
        }
        if ((verb.equals("do") || verb.equals("never")) && (word(tokens, at + 1).equals("not")
                ? word(tokens, at + 2).equals("forget") : word(tokens, at + 1).equals("forget"))) {
            return word(tokens, at + 1).equals("not") ? at + 3 : at + 2;
        }
        return -1;
    }

    private static int skipFillers(List<Words.Token> tokens) {
        int i = 0;
        while (i < tokens.size()) {
            String word = tokens.get(i).lower();
            if (FILLERS.contains(word) && !(word.equals("please") && isRememberVerbAt(tokens, i + 1))) {
                i++;
            }
            else if (word.equals("by") && word(tokens, i + 1).equals("the") && word(tokens, i + 2).equals("way")) {
                i += 3;
            }
            else {
                break;
            }
        }
        return i;
    }

    private static boolean isRememberVerbAt(List<Words.Token> tokens, int at) {
        return rememberVerbEnd(tokens, at) >= 0;
    }

    /** Whether the word at {@code index} is capitalised as a name is ("Does Maria …"). */
    private static boolean isName(List<Words.Token> tokens, int index) {
        return index < tokens.size() && Character.isUpperCase(tokens.get(index).written().charAt(0))
                && !tokens.get(index).lower().equals("i");
    }

    private static String word(List<Words.Token> tokens, int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index).lower() : "";
    }
}
