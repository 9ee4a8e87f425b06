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
     * The value itself when it has at most {@code maxChars} characters, else its first {@code maxChars} followed by
     * {@code ...}; the empty string for {@code null}.
     */
    public static String abbreviate(@Nullable String value, int maxChars) {
        return value == null ? "" : value.length() <= maxChars ? value : value.substring(0, maxChars) + "...";
    }
}
