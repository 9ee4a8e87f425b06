package dev.janus.orchestrator.planning;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.events.ToolCall;
import dev.janus.events.vocabulary.TimeZoneNames;
import dev.janus.events.vocabulary.Units;

/**
 * Finds the tool calls a message needs by reading its text, so tools can start while the intent is
 * still being classified (the seed's "Tool Preparation" branch). Rules, not a model:
 * <ul>
 * <li>{@code calculator} {@code {"expression": "17 * 23"}} for an arithmetic expression ("what is 17 * 23?",
 * "12 plus 30", "15% of 80", "sqrt(16) + 2"), always a whole one: a call of the calculator's functions is taken with
 * it, and a part of a call it cannot read whole is none;</li>
 * <li>{@code datetime} {@code {"zone": "Asia/Tokyo"}} for a question about the time or date, with the zone
 * of the place it names (a city, a country alias or an IANA zone id), or {@code {}} when it names none;</li>
 * <li>{@code units} {@code {"value": 5, "from": "km", "to": "mi"}} for a conversion between two known units
 * of the same kind ("5 km in miles", "how many feet are in 3 meters");</li>
 * <li>{@code datetime} {@code {"time": "9am", "from": "Europe/London", "zone": "Asia/Tokyo"}} for a time of day
 * converted between two places ("what is 9am London time in Tokyo");</li>
 * <li>{@code timer} {@code {"seconds": 600}} for "set a timer for 10 minutes";</li>
 * <li>{@code reminder} {@code {"text": "call Maria", "in_seconds": 300}} for "remind me in 5 minutes to call
 * Maria", or {@code {"text": "...", "at": "17:30"}} for "remind me at 17:30 to ...".</li>
 * </ul>
 * Call ids are {@code <tool>-<n>}, unique within the message. Thread-safe and stateless.
 * <p>
 * Messages are hostile text, so every rule runs in time linear in the message: the patterns are RE2/J (no
 * backtracking), and the one rule that needed lookarounds ("6x7") is plain code. RE2/J's {@code \b} knows only
 * ASCII words, so the rules with word boundaries read a copy of the message in which every other letter is
 * {@code z} ({@link #asciiWords}) and take what they capture from the message itself, at the same places.
 */
public final class ToolPlanner {

    /** The most calls planned for one message. */
    public static final int MAX_CALLS = 8;

    /** The longest timer the timer tool may run: the most {@code janus.tools.timers.max-duration} allows. */
    static final Duration LONGEST_TIMER = Duration.ofDays(7);

    private static final String NUMBER = "\\d+(?:\\.\\d+)?";
    /** An argument of a call the planner can read: numbers and operators, no parentheses. */
    private static final String ARGUMENT = "-?" + NUMBER + "(?:\\s*[-+*/^%]\\s*-?" + NUMBER + ")*";
    /** A call of one of the calculator's functions, taken whole: "round(1, 100)", "sqrt(16)". */
    private static final String CALL = "\\b(?:sqrt|abs|round|floor|ceil|ln|log|exp|sin|cos|tan|min|max)\\(\\s*" + ARGUMENT
            + "(?:\\s*,\\s*" + ARGUMENT + ")*\\s*\\)";
    private static final String OPERAND = "\\(*\\s*-?(?:" + NUMBER + "|" + CALL + ")\\s*\\)*";
    private static final Pattern EXPRESSION = Pattern.compile(OPERAND + "(?:\\s*[-+*/^%]\\s*" + OPERAND + ")+");
    private static final Pattern PERCENT_OF = Pattern.compile("(" + NUMBER + ")\\s*%\\s*of\\s+(" + NUMBER + ")");
    private static final Pattern DATE = Pattern.compile("\\d{1,4}[-/]\\d{1,2}[-/]\\d{1,4}");
    private static final Pattern TIME_QUESTION = Pattern.compile("\\b(what(?:'s| is) the (?:current |local )?(?:time|date)"
            + "|what time is it|what day is (?:it|today)|(?:current|local) (?:time|date)|time (?:is it )?(?:now )?in"
            + "|today's date|time now)\\b");
    private static final Pattern PLACE = Pattern.compile("\\b(?:in|at|for)\\s+(\\p{L}[\\p{L} ./_'-]*?)"
            + "\\s*(?:right now|now|today)?\\s*[?.!]*\\s*$");
    private static final Pattern CONVERSION = Pattern.compile("(-?" + NUMBER + ")\\s*(?:degrees?\\s+)?([\\p{L}°/]+)"
            + "\\s+(?:in|to|into|as)\\s+(?:degrees?\\s+)?([\\p{L}°/]+)");
    private static final Pattern HOW_MANY = Pattern.compile("how many\\s+([\\p{L}°/]+)\\s+(?:are there\\s+|are\\s+|is\\s+)?"
            + "(?:in|is|are)\\s+(-?" + NUMBER + ")\\s*([\\p{L}°/]+)");

    private static final String CLOCK_TIME = "\\d{1,2}:\\d{2}\\s*(?:am|pm)?|\\d{1,2}\\s*(?:am|pm)|noon|midnight";
    private static final Pattern ZONE_CONVERSION = Pattern.compile("\\b(" + CLOCK_TIME + ")\\s+(?:in\\s+)?"
            + "(\\p{L}[\\p{L} ./_'-]*?)(?:\\s+time)?\\s+(?:in|to|into)\\s+(\\p{L}[\\p{L} ./_'-]*?)(?:\\s+time)?"
            + "\\s*[?.!]*\\s*$");
    private static final Pattern TIMER = Pattern.compile("\\b(?:set|start|make|create|put on)?\\s*(?:a|an|the)?\\s*timer\\s+"
            + "(?:for|of)\\s+(" + SpokenDuration.PATTERN + ")|\\b(" + SpokenDuration.PATTERN + ")\\s+timer\\b");
    private static final Pattern REMIND_IN = Pattern.compile("\\bremind me\\s+(?:in|after)\\s+(" + SpokenDuration.PATTERN
            + ")\\s+(?:to|that|about|of)\\s+(.+)\\s*$");
    private static final Pattern REMIND_AT = Pattern.compile("\\bremind me\\s+(?:at|by)\\s+(" + CLOCK_TIME
            + ")\\s+(?:to|that|about|of)\\s+(.+)\\s*$");
    private static final Pattern REMIND_TO_IN = Pattern.compile("\\bremind me\\s+(?:to|that|about|of)\\s+(.+?)\\s+"
            + "(?:in|after)\\s+(" + SpokenDuration.PATTERN + ")\\s*[.!?]*\\s*$");
    private static final Pattern REMIND_TO_AT = Pattern.compile("\\bremind me\\s+(?:to|that|about|of)\\s+(.+?)\\s+"
            + "(?:at|by)\\s+(" + CLOCK_TIME + ")\\s*[.!?]*\\s*$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Operator words and the symbols they stand for, replaced in this order. */
    private static final List<OperatorWord> OPERATOR_WORDS = List.of(
            new OperatorWord(Pattern.compile("\\s+(?:multiplied by|times)\\s+"), " * "),
            new OperatorWord(Pattern.compile("\\s+(?:divided by|over)\\s+"), " / "),
            new OperatorWord(Pattern.compile("\\s+plus\\s+"), " + "),
            new OperatorWord(Pattern.compile("\\s+minus\\s+"), " - "),
            new OperatorWord(Pattern.compile("\\s+to the power of\\s+"), " ^ "));

    /** The calls {@code text} needs, in the order calculator, datetime, units, timer, reminder; empty when none. */
    public List<ToolCall> plan(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        // the reminder's text keeps the user's capitals, read at the same places as in the lower-case text
        String original = lower.length() == text.length() ? text : lower;
        String words = asciiWords(lower);
        Optional<Map<String, Object>> reminder = reminder(words, original);
        List<ToolCall> calls = new ArrayList<>();
        if (reminder.isEmpty()) {
            for (String expression : expressions(lower)) {
                add(calls, "calculator", Map.of("expression", expression));
            }
        }
        Optional<Map<String, Object>> zoneConversion = zoneConversion(words, lower);
        (zoneConversion.isPresent() ? zoneConversion : timeZone(words, lower))
                .ifPresent(arguments -> add(calls, "datetime", arguments));
        for (Map<String, Object> conversion : conversions(lower)) {
            add(calls, "units", conversion);
        }
        timer(words).ifPresent(arguments -> add(calls, "timer", arguments));
        reminder.ifPresent(arguments -> add(calls, "reminder", arguments));
        return List.copyOf(calls);
    }

    /**
     * {@code lower} with every letter and digit outside ASCII written as {@code z}: as long as {@code lower}, and
     * with RE2/J's word boundaries where java.util.regex saw them in {@code lower} ("ñwhat time" has none).
     */
    static String asciiWords(String lower) {
        char[] chars = lower.toCharArray();
        for (int i = 0; i < chars.length;) {
            int codePoint = lower.codePointAt(i);
            int length = Character.charCount(codePoint);
            if (codePoint >= 0x80 && Character.isLetterOrDigit(codePoint)) {
                Arrays.fill(chars, i, i + length, 'z');
            }
            i += length;
        }
        return new String(chars);
    }

    /** "what is 9am London time in Tokyo": a time of day from one place's zone to another's. */
    private Optional<Map<String, Object>> zoneConversion(String words, String lower) {
        Matcher matcher = ZONE_CONVERSION.matcher(words);
        if (!matcher.find()) {
            return Optional.empty();
        }
        Optional<String> from = TimeZoneNames.find(lower.substring(matcher.start(2), matcher.end(2)).strip());
        Optional<String> to = TimeZoneNames.find(lower.substring(matcher.start(3), matcher.end(3)).strip());
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Map.of("time", matcher.group(1).replace(" ", ""), "from", from.get(), "zone", to.get()));
    }

    private static Optional<Map<String, Object>> timer(String words) {
        Matcher matcher = TIMER.matcher(words);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String duration = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        OptionalLong seconds = SpokenDuration.seconds(duration);
        return seconds.isPresent() ? Optional.of(Map.of("seconds", seconds.getAsLong())) : Optional.empty();
    }

    /** "remind me in 5 minutes to call Maria", "remind me at 17:30 to ...", "remind me to ... in 5 minutes". */
    private static Optional<Map<String, Object>> reminder(String words, String original) {
        Matcher in = REMIND_IN.matcher(words);
        if (in.find()) {
            return relativeReminder(text(original, in, 2), in.group(1));
        }
        Matcher at = REMIND_AT.matcher(words);
        if (at.find()) {
            return Optional.of(Map.of("text", text(original, at, 2), "at", at.group(1).replace(" ", "")));
        }
        Matcher toIn = REMIND_TO_IN.matcher(words);
        if (toIn.find()) {
            return relativeReminder(text(original, toIn, 1), toIn.group(2));
        }
        Matcher toAt = REMIND_TO_AT.matcher(words);
        if (toAt.find()) {
            return Optional.of(Map.of("text", text(original, toAt, 1), "at", toAt.group(2).replace(" ", "")));
        }
        return Optional.empty();
    }

    private static Optional<Map<String, Object>> relativeReminder(String text, String duration) {
        OptionalLong seconds = SpokenDuration.seconds(duration);
        return seconds.isPresent() && !text.isEmpty()
                ? Optional.of(Map.of("text", text, "in_seconds", seconds.getAsLong()))
                : Optional.empty();
    }

    private static String text(String original, Matcher matcher, int group) {
        String text = original.substring(matcher.start(group), matcher.end(group)).strip();
        int end = text.length();
        while (end > 0 && ".!?".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(0, end).strip();
    }

    /**
     * How long a call is expected to run by its nature: a timer runs for its length, so its result is waited for
     * that much longer than other results; every other call is expected to answer at once, and so is a timer of a
     * length no timer runs (under a second, or over {@link #LONGEST_TIMER}): the tool refuses it. So the result
     * is at most {@link #LONGEST_TIMER}, whatever number the call carries, and a deadline it is added to cannot
     * overflow.
     */
    public static Duration expectedRunTime(ToolCall call) {
        if (call.name().equals("timer") && call.arguments().get("seconds") instanceof Number seconds) {
            double length = seconds.doubleValue();
            return length >= 1 && length <= LONGEST_TIMER.toSeconds() ? Duration.ofSeconds(seconds.longValue())
                    : Duration.ZERO;
        }
        return Duration.ZERO;
    }

    private static void add(List<ToolCall> calls, String tool, Map<String, Object> arguments) {
        if (calls.size() == MAX_CALLS) {
            return;
        }
        long sameTool = calls.stream().filter(call -> call.name().equals(tool)).count();
        calls.add(new ToolCall(tool + "-" + (sameTool + 1), tool, arguments));
    }

    private static List<String> expressions(String lower) {
        String normalized = timesSigns(lower).replace('÷', '/');
        for (OperatorWord word : OPERATOR_WORDS) {
            normalized = word.pattern().matcher(normalized).replaceAll(word.symbol());
        }
        Matcher percent = PERCENT_OF.matcher(normalized);
        List<String> found = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        while (percent.find()) {
            found.add(percent.group(1) + " / 100 * " + percent.group(2));
            percent.appendReplacement(rest, " ");
        }
        percent.appendTail(rest);
        String text = rest.toString();
        int[] callDepths = callDepths(text);
        Matcher expression = EXPRESSION.matcher(text);
        while (expression.find()) {
            whole(text, expression.start(), expression.end(), callDepths)
                    .map(candidate -> WHITESPACE.matcher(candidate).replaceAll(" ").strip())
                    .filter(candidate -> !DATE.matcher(candidate).matches())
                    .ifPresent(found::add);
        }
        return found;
    }

    /**
     * "6x7", "6 × (7": an {@code x} or {@code ×} between a digit and a digit or an opening parenthesis, with the
     * spaces around it, becomes {@code " * "}. One pass, each character looked at a bounded number of times.
     */
    static String timesSigns(String text) {
        StringBuilder result = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (i == 0 || !isAsciiDigit(text.charAt(i - 1))) {
                result.append(text.charAt(i++));
                continue;
            }
            int sign = spacesFrom(text, i);
            if (sign < text.length() && (text.charAt(sign) == 'x' || text.charAt(sign) == '×')) {
                int next = spacesFrom(text, sign + 1);
                if (next < text.length() && (isAsciiDigit(text.charAt(next)) || text.charAt(next) == '(')) {
                    result.append(" * ");
                    i = next;
                    continue;
                }
            }
            // no sign here: the spaces looked over are copied at once, so no character is read again and again
            int end = Math.max(i + 1, sign);
            result.append(text, i, end);
            i = end;
        }
        return result.toString();
    }

    private static int spacesFrom(String text, int from) {
        int i = from;
        while (i < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The expression {@code text} holds from {@code start} to {@code end}, without the outer parentheses a sentence put
     * around or after it ("(2 + 3) * 4", "(what is 2+3)"); empty when it is not a whole expression: when its
     * parentheses do not pair up ("100)^9999" in "round(1, 100)^9999", had the call not been read), or when it lies in
     * the arguments of a call the planner cannot read ("2+3" in "max(2+3, 1)" or in "sqrt(abs(2+3))", "(16) + 2" in
     * "foo(16) + 2"). Either would have the calculator answer another question. Linear in the match.
     */
    private static Optional<String> whole(String text, int start, int end, int[] callDepths) {
        int opening = 0;
        int closing = 0;
        for (int i = start; i < end; i++) {
            opening += text.charAt(i) == '(' ? 1 : 0;
            closing += text.charAt(i) == ')' ? 1 : 0;
        }
        int from = start;
        int to = end;
        while (text.charAt(from) == '(' && opening > closing) {
            from = spacesFrom(text, from + 1);
            opening--;
        }
        while (text.charAt(to - 1) == ')' && closing > opening) {
            to--;
            closing--;
            while (Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
        }
        int depth = 0;
        for (int i = from; i < to && depth >= 0; i++) {
            depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
        }
        boolean inArguments = callDepths[from] > 0 || opensArguments(text, from);
        return depth == 0 && !inArguments ? Optional.of(text.substring(from, to)) : Optional.empty();
    }

    /**
     * For each index of {@code text}, how many argument lists (a parenthesis right after a letter: "max(", "foo(")
     * are open there. One pass.
     */
    private static int[] callDepths(String text) {
        int[] depths = new int[text.length() + 1];
        BitSet opensCall = new BitSet();
        int open = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            depths[i] = depth;
            char c = text.charAt(i);
            if (c == '(') {
                boolean call = opensArguments(text, i);
                opensCall.set(open++, call);
                depth += call ? 1 : 0;
            }
            else if (c == ')' && open > 0) {
                depth -= opensCall.get(--open) ? 1 : 0;
            }
        }
        depths[text.length()] = depth;
        return depths;
    }

    private static boolean opensArguments(String text, int i) {
        return text.charAt(i) == '(' && i > 0 && Character.isLetter(text.charAt(i - 1));
    }

    private Optional<Map<String, Object>> timeZone(String words, String lower) {
        if (!TIME_QUESTION.matcher(words).find()) {
            return Optional.empty();
        }
        Matcher place = PLACE.matcher(words);
        if (!place.find()) {
            return Optional.of(Map.of());
        }
        // A place we cannot place gets no call: the time of a default zone would be a wrong answer.
        return TimeZoneNames.find(lower.substring(place.start(1), place.end(1)).strip())
                .map(zone -> Map.of("zone", zone));
    }

    private static List<Map<String, Object>> conversions(String lower) {
        List<Map<String, Object>> found = new ArrayList<>();
        Matcher howMany = HOW_MANY.matcher(lower);
        while (howMany.find()) {
            conversion(howMany.group(2), howMany.group(3), howMany.group(1)).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            Matcher direct = CONVERSION.matcher(lower);
            while (direct.find()) {
                conversion(direct.group(1), direct.group(2), direct.group(3)).ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<Map<String, Object>> conversion(String value, String from, String to) {
        Units.Unit source = Units.find(from).orElse(null);
        Units.Unit target = Units.find(to).orElse(null);
        if (source == null || target == null || source.kind() != target.kind() || source.equals(target)) {
            return Optional.empty();
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("value", number(value));
        arguments.put("from", source.symbol());
        arguments.put("to", target.symbol());
        return Optional.of(arguments);
    }

    private static Number number(String text) {
        BigDecimal value = new BigDecimal(text);
        try {
            return value.intValueExact();
        }
        catch (ArithmeticException notAnInt) {
            double approximate = value.doubleValue();
            // past a double's range the event would carry the string "Infinity", which the tool refuses as "not a
            // number"; the whole number carries the size exactly (the fraction of a number that large is far below
            // any unit's precision), so the tool can say what its limit is
            return Double.isInfinite(approximate) ? value.toBigInteger() : approximate;
        }
    }

    private record OperatorWord(Pattern pattern, String symbol) {
    }
}
