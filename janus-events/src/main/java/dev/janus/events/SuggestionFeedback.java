package dev.janus.events;

/**
 * What a user did with a proactive suggestion.
 *
 * @param suggestionId the {@link ProactiveSuggestion#suggestionId()} it answers
 * @param feedback {@code accepted} or {@code dismissed}
 */
public record SuggestionFeedback(String suggestionId, String feedback) implements EventContent {

    /** The user took the suggestion up. */
    public static final String ACCEPTED = "accepted";

    /** The user waved it away; its kind is then suggested less. */
    public static final String DISMISSED = "dismissed";

    public SuggestionFeedback {
        Constraints.nonBlank("suggestion_id", suggestionId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("feedback", feedback, 32);
        if (!feedback.equals(ACCEPTED) && !feedback.equals(DISMISSED)) {
            throw new InvalidEventException("feedback", "must be 'accepted' or 'dismissed', but was '" + feedback + "'");
        }
    }
}
