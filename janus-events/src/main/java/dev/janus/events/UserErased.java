package dev.janus.events;

import java.time.Instant;
import java.util.List;

/**
 * A user was forgotten ({@code DELETE /api/v1/users/{user_id}/memories}): every component drops what it keeps of
 * the user — tools their reminders and stored call outcomes, the orchestrator the joins of their requests — and the
 * bus refuses the user's events dated before {@code erasedAt}. Names the user, never their content.
 *
 * @param userId who was forgotten
 * @param erasedAt when; the user's events dated before it are refused from then on
 * @param streams the user's conversations
 */
public record UserErased(String userId, Instant erasedAt, List<String> streams) implements EventContent {

    public UserErased {
        Constraints.nonBlank("user_id", userId, EventLimits.MAX_ID_CHARS);
        Constraints.present("erased_at", erasedAt);
        streams = List.copyOf(streams);
        if (streams.size() > 10_000) {
            throw new InvalidEventException("streams", "must list at most 10000 streams, but listed " + streams.size());
        }
    }
}
