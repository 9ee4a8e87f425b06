package dev.janus.orchestrator.planning;

import java.util.Locale;
import java.util.OptionalLong;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Reads a duration as people say it, in seconds: "10 minutes", "1 hour and 30 minutes", "90 secs", "an hour",
 * "half an hour", "2.5 hours", "5 min".
 */
final class SpokenDuration {

    private static final String AMOUNT = "(?:\\d+(?:\\.\\d+)?|an?|one|two|three|four|five|ten|fifteen|twenty|thirty)";
    private static final String UNIT = "(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)";

    /** One or more amounts with units, joined by spaces, commas or "and"; or "half an hour". */
    static final String PATTERN = "(?:half an hour|" + AMOUNT + "[ -]?" + UNIT + "(?:(?:\\s*,\\s*|\\s+and\\s+|\\s+)"
            + AMOUNT + "[ -]?" + UNIT + ")*)\\b";

    private static final Pattern PART = Pattern.compile("(" + AMOUNT + ")[ -]?(" + UNIT + ")\\b");

    private SpokenDuration() {
    }

    /**
     * The seconds {@code text} (matching {@link #PATTERN}) says; empty when it says none or zero. A duration of more
     * than {@link Long#MAX_VALUE} seconds ("99999999999999999999 seconds") reads as {@link Long#MAX_VALUE}: still far
     * too long, which the tool it is planned for says.
     */
    static OptionalLong seconds(String text) {
        String lower = text.toLowerCase(Locale.ROOT).strip();
        if (lower.equals("half an hour")) {
            return OptionalLong.of(1_800);
        }
        Matcher part = PART.matcher(lower);
        double seconds = 0;
        while (part.find()) {
            seconds += amount(part.group(1)) * unitSeconds(part.group(2));
        }
        // Math.round saturates: an amount too large for a long (or for a double) gives Long.MAX_VALUE
        long rounded = Math.round(seconds);
        return rounded > 0 ? OptionalLong.of(rounded) : OptionalLong.empty();
    }

    private static double amount(String word) {
        return switch (word) {
            case "a", "an", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "ten" -> 10;
            case "fifteen" -> 15;
            case "twenty" -> 20;
            case "thirty" -> 30;
            default -> Double.parseDouble(word);
        };
    }

    private static long unitSeconds(String unit) {
        if (unit.startsWith("h")) {
            return 3_600;
        }
        if (unit.startsWith("m")) {
            return 60;
        }
        return 1;
    }
}
