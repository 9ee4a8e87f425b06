package dev.janus.proactive.detect;

import java.util.List;

import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ReminderDue;
import dev.janus.proactive.Findings;
import dev.janus.proactive.restraint.Restraint;

/** A reminder falling due becomes a suggestion to its user: "Reminder: call Maria". */
public final class ReminderDetector implements Detector {

    @Override
    public String name() {
        return "reminder";
    }

    @Override
    public boolean watches(EventType type) {
        return type == EventType.TOOLS_REMINDER_DUE;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        ReminderDue reminder = event.content(EventKeys.TOOLS_REMINDER_DUE);
        String userId = reminder.userId() != null ? reminder.userId() : event.context().userId();
        findings.suggest(event, userId, name(), Restraint.REMINDER, "Reminder: " + reminder.text(),
                List.of(event.eventId()));
    }
}
