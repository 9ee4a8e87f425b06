package dev.janus.events;

import java.util.List;

/**
 * A conversation (stream) began.
 *
 * @param sessionType chat, meeting or call
 * @param participants the user ids taking part; may be empty
 */
public record StreamStarted(SessionType sessionType, List<String> participants) implements EventContent {

    public StreamStarted {
        Constraints.present("session_type", sessionType);
        participants = Constraints.list("participants", participants, 100);
        participants.forEach(p -> Constraints.nonBlank("participants[]", p, EventLimits.MAX_ID_CHARS));
    }
}
