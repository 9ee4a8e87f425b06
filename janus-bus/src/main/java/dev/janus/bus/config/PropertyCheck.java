package dev.janus.bus.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks the configuration records of Janus apply to their values in their compact
 * constructors: a missing value takes its default, a bad one fails start-up with a message that names
 * the property and what it accepts.
 */
public final class PropertyCheck {

    private PropertyCheck() {
    }

    /** {@code value}, or {@code fallback} when absent; fails unless it lies in {@code min..max}. */
    public static int inRange(String property, @Nullable Integer value, int fallback, int min, int max) {
        int actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            throw new IllegalArgumentException(property + " must be " + min + ".." + max + ", but was " + actual);
        }
        return actual;
    }

    /** {@code value}, or {@code fallback} when absent; fails unless it is positive. */
    public static Duration positive(String property, @Nullable Duration value, Duration fallback) {
        Duration actual = value == null ? fallback : value;
        if (actual.isNegative() || actual.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, but was " + actual);
        }
        return actual;
    }

    /** {@code value}, or {@code fallback} when absent; fails unless it lies in {@code min..max}. */
    public static Duration within(String property, @Nullable Duration value, Duration fallback, Duration min,
            Duration max) {
        Duration actual = value == null ? fallback : value;
        if (actual.compareTo(min) < 0 || actual.compareTo(max) > 0) {
            throw new IllegalArgumentException(property + " must be " + readable(min) + ".." + readable(max)
                    + ", but was " + readable(actual));
        }
        return actual;
    }

    /** A duration as people write it in configuration: {@code 2s}, {@code 5m}, {@code 1h30m}. */
    public static String readable(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
