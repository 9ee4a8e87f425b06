package dev.janus.tools.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where reminders wait: in memory, or in Redis when the bus is Redis, so that they survive a restart and any
 * instance can fire them. A due reminder is claimed by one instance for a lease; the claim is given up by
 * {@link #complete} once its event is published, and a lease that runs out (the instance died, or its batch was
 * too slow to reach it) lets another claim it, so every reminder is published at least once — and with the same
 * event id, which consumers skip when they saw it.
 */
public interface ReminderStore {

    /** How long after its due time a reminder still counts as waiting for its user, fired or not. */
    Duration COUNTED_PAST_DUE = Duration.ofDays(1);

    /**
     * Counts the reminder {@code reminderId}, due at {@code dueAt}, among {@code userId}'s, atomically, unless
     * {@code most} wait for the user already (those due more than {@link #COUNTED_PAST_DUE} before {@code now} no
     * longer count); true when it is counted, as it is when it was counted before (a repeated call). Ask before
     * {@link #add}: a reminder is counted until {@link #complete} or {@link #cancelOf} forgets it.
     */
    boolean admit(String userId, String reminderId, Instant dueAt, Instant now, int most);

    /** Keeps the reminder unless one with its id exists; true when it was added. */
    boolean add(Reminder reminder);

    /** Claims up to {@code max} reminders due at {@code now} (and those whose lease ran out) for {@code lease}. */
    List<Reminder> claimDue(Instant now, Duration lease, int max);

    /** Forgets a reminder whose event was published. */
    void complete(String id);

    /** Cancels every reminder asked for by {@code userId} (the user was erased); returns how many. */
    int cancelOf(String userId);

    /** How many reminders wait, claimed or not. */
    long pending();

    /** How many reminders are counted for {@code userId} ({@link #admit}). */
    long pendingOf(String userId);
}
