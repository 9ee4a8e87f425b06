package dev.janus.tools.time;

import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Reads a time of day as people write it: {@code 17:30}, {@code 9:05}, {@code 9am}, {@code 9.30 pm}, {@code noon}.
 * The text comes from users and models, so it is read with an RE2/J pattern, in time linear in its length.
 */
public final class TimeOfDay {

    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2})(?:[:.h](\\d{2}))?(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?");

    private TimeOfDay() {
    }

    /** The time {@code text} names, if it names one. */
    public static Optional<LocalTime> parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("noon") || value.equals("midday")) {
            return Optional.of(LocalTime.NOON);
        }
        if (value.equals("midnight")) {
            return Optional.of(LocalTime.MIDNIGHT);
        }
        Matcher matcher = CLOCK.matcher(value);
        if (!matcher.matches() || (matcher.group(2) == null && matcher.group(4) == null)) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(matcher.group(1));
        int minute = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        int second = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        String half = matcher.group(4);
        if (half != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (half.startsWith("p") ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(hour, minute, second));
    }
}
