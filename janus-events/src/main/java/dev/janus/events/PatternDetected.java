package dev.janus.events;

import java.util.List;

/**
 * A recurring pattern found by memory (learned) or proactive (real time).
 *
 * @param kind e.g. {@code repeated_question}, {@code recurring_topic}, {@code routine_time}
 * @param description a human-readable summary
 * @param occurrences how often it was seen
 * @param evidence ids of the events it was seen in
 */
public record PatternDetected(String kind, String description, int occurrences, List<String> evidence)
        implements EventContent {

    public PatternDetected {
        Constraints.nonBlank("kind", kind, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("description", description, 4_000);
        Constraints.range("occurrences", occurrences, 1, Integer.MAX_VALUE);
        evidence = Constraints.list("evidence", evidence, EventLimits.MAX_ITEMS);
    }
}
