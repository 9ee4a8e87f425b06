package dev.janus.web.security;

import java.util.Locale;

import dev.janus.events.Abbreviation;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a principal may do: {@code user} talks to Janus in its own streams; {@code admin} also operates it. */
public enum Role {
    USER, ADMIN;

    /** The role named {@code name} ({@code user} or {@code admin}, any case). */
    public static Role of(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a role must be 'user' or 'admin', but was '"
                    + Abbreviation.abbreviate(name, 40) + "'", e);
        }
    }

    /** Its name in configuration and JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
