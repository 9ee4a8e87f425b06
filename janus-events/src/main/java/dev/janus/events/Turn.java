package dev.janus.events;

import java.time.Instant;

/**
 * One turn of conversation history.
 *
 * @param role {@code user}, {@code assistant} or {@code tool}
 * @param text what was said
 * @param eventId the event the turn was stored from
 * @param at when it was said
 */
public record Turn(String role, String text, String eventId, Instant at) {

    public Turn {
        Constraints.nonBlank("role", role, 32);
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("event_id", eventId, EventLimits.MAX_ID_CHARS);
        Constraints.present("at", at);
    }
}
