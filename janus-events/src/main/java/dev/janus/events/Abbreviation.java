package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * Shortens a value that came from outside (a client, a model, an event on the wire) before an error message quotes
 * it, so that a long or hostile value cannot bloat the message or the log. Pure, never blocks.
 */
public final class Abbreviation {

    private Abbreviation() {
    }

    /**
     * The value itself when it has at most {@code maxChars} characters, else its first {@code maxChars} (one fewer
     * when the cut would split a surrogate pair: never half a character) followed by {@code ...}; the empty string
     * for {@code null}.
     */
    public static String abbreviate(@Nullable String value, int maxChars) {
        return abbreviate(value, maxChars, "...");
    }

    /** As {@link #abbreviate(String, int)}, ending a cut value with {@code ending} instead of {@code ...}. */
    public static String abbreviate(@Nullable String value, int maxChars, String ending) {
        if (value == null) {
            return "";
        }
        if (value.length() <= maxChars) {
            return value;
        }
        int end = maxChars > 0 && Character.isHighSurrogate(value.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return value.substring(0, end) + ending;
    }
}
