package dev.janus.events;

import java.util.List;

/**
 * Something Janus offers without being asked.
 *
 * @param suggestionId identifies the suggestion for feedback (accept, dismiss)
 * @param kind the detector that produced it, e.g. {@code repeated_question}
 * @param text what to tell the user
 * @param evidence ids of the events that led to it
 */
public record ProactiveSuggestion(String suggestionId, String kind, String text, List<String> evidence)
        implements EventContent {

    public ProactiveSuggestion {
        Constraints.nonBlank("suggestion_id", suggestionId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("kind", kind, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("text", text, 4_000);
        evidence = Constraints.list("evidence", evidence, EventLimits.MAX_ITEMS);
    }
}
