package dev.janus.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A reminder set with the {@code reminders} tool fell due.
 *
 * @param reminderId identifies the reminder
 * @param text what the user asked to be reminded of
 * @param dueAt when it was due
 * @param userId whose reminder it is, when known
 */
public record ReminderDue(String reminderId, String text, Instant dueAt, @Nullable String userId)
        implements EventContent {

    public ReminderDue {
        Constraints.nonBlank("reminder_id", reminderId, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("text", text, 4_000);
        Constraints.present("due_at", dueAt);
        Constraints.optionalText("user_id", userId, EventLimits.MAX_ID_CHARS);
    }
}
