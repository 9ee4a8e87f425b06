package dev.janus.tools.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reminders in this JVM: for the in-memory bus; they do not survive a restart. Thread-safe. */
public final class InMemoryReminderStore implements ReminderStore {

    private final Map<String, Reminder> reminders = new HashMap<>();
    private final Map<String, Instant> leases = new HashMap<>();

    @Override
    public synchronized boolean add(Reminder reminder) {
        return reminders.putIfAbsent(reminder.id(), reminder) == null;
    }

    @Override
    public synchronized List<Reminder> claimDue(Instant now, Duration lease, int max) {
        List<Reminder> claimed = new ArrayList<>();
        for (Reminder reminder : reminders.values().stream()
                .sorted(java.util.Comparator.comparing(Reminder::dueAt)).toList()) {
            if (claimed.size() == max || reminder.dueAt().isAfter(now)) {
                break;
            }
            Instant leasedUntil = leases.get(reminder.id());
            if (leasedUntil == null || !leasedUntil.isAfter(now)) {
                leases.put(reminder.id(), now.plus(lease));
                claimed.add(reminder);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void complete(String id) {
        reminders.remove(id);
        leases.remove(id);
    }

    @Override
    public synchronized int cancelOf(String userId) {
        List<String> ids = reminders.values().stream().filter(reminder -> userId.equals(reminder.origin().userId()))
                .map(Reminder::id).toList();
        ids.forEach(this::complete);
        return ids.size();
    }

    @Override
    public synchronized long pending() {
        return reminders.size();
    }

    @Override
    public synchronized long pendingOf(String userId) {
        return reminders.values().stream().filter(reminder -> userId.equals(reminder.origin().userId())).count();
    }
}
