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
    /** Per user, the reminders counted for it, by id, with their due time. */
    private final Map<String, Map<String, Instant>> counted = new HashMap<>();

    @Override
    public synchronized boolean admit(String userId, String reminderId, Instant dueAt, Instant now, int most) {
        Map<String, Instant> users = counted.computeIfAbsent(userId, unused -> new HashMap<>());
        users.values().removeIf(due -> due.isBefore(now.minus(COUNTED_PAST_DUE)));
        if (users.containsKey(reminderId)) {
            return true;
        }
        if (users.size() >= most) {
            return false;
        }
        users.put(reminderId, dueAt);
        return true;
    }

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
        Reminder removed = reminders.remove(id);
        leases.remove(id);
        if (removed != null && removed.origin().userId() != null) {
            Map<String, Instant> users = counted.get(removed.origin().userId());
            if (users != null) {
                users.remove(id);
            }
        }
    }

    @Override
    public synchronized int cancelOf(String userId) {
        List<String> ids = reminders.values().stream().filter(reminder -> userId.equals(reminder.origin().userId()))
                .map(Reminder::id).toList();
        ids.forEach(this::complete);
        counted.remove(userId);
        return ids.size();
    }

    @Override
    public synchronized long pending() {
        return reminders.size();
    }

    @Override
    public synchronized long pendingOf(String userId) {
        return counted.getOrDefault(userId, Map.of()).size();
    }
}
