package dev.janus.memory.facts;

import java.util.Objects;

/**
 * A fact found in what a user said, before it is stored: what it is about and what it says.
 *
 * @param attribute normalised, lower-case words, e.g. {@code name}, {@code location}, {@code favourite colour}
 * @param value what the user said it is, as written
 */
public record ExtractedFact(String attribute, String value) {

    public ExtractedFact {
        Objects.requireNonNull(attribute, "attribute must not be null");
        Objects.requireNonNull(value, "value must not be null");
    }
}
