package dev.janus.bus;

import dev.janus.events.EventType;

/**
 * A subscription pattern: an exact type name, a prefix wildcard ending in {@code .*}, or {@code *}.
 *
 * @param value the pattern as written
 */
public record EventPattern(String value) {

    /** Every event type. */
    public static final EventPattern ALL = new EventPattern("*");

    public EventPattern {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("pattern must be an event type, a prefix like 'input.*', or '*', but was blank");
        }
        boolean wildcard = value.endsWith(".*");
        String body = wildcard ? value.substring(0, value.length() - 2) : value;
        if (!value.equals("*") && !body.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new IllegalArgumentException("pattern must be an event type, a prefix like 'input.*', or '*', but was '"
                    + value + "'");
        }
    }

    /** Parses a pattern, failing with a message that shows the accepted forms. */
    public static EventPattern of(String value) {
        return new EventPattern(value);
    }

    /** Whether events of the named type match. */
    public boolean matches(String typeName) {
        if (value.equals("*")) {
            return true;
        }
        if (value.endsWith(".*")) {
            return typeName.startsWith(value.substring(0, value.length() - 1));
        }
        return value.equals(typeName);
    }

    /** Whether events of the type match. */
    public boolean matches(EventType type) {
        return matches(type.wireName());
    }

    /** Whether this pattern names one type exactly. */
    public boolean isExact() {
        return !value.endsWith("*");
    }

    @Override
    public String toString() {
        return value;
    }
}
