package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work that replicas claim in batches under a lease (timed-out joins, scheduled checks, due reminders): a batch is
 * claimed, its items handled one by one, and another batch claimed while the last came back full. What a claimer
 * does not settle within the lease is claimed again (by any replica) once the lease has passed, so nothing is lost
 * to a claimer that dies or fails. Items a batch has not reached within half the lease are left to that, rather than
 * handled while another replica may be claiming them again: they go out late, about a lease after their claim.
 */
public final class LeasedBatches {

    private LeasedBatches() {
    }

    /** Claims up to {@code max} items at {@code now}, each for the lease. */
    @FunctionalInterface
    public interface Claim<T> {

        Collection<T> claim(Instant now, int max);
    }

    /**
     * Claims batches of up to {@code batchSize} (at least 1) with {@code claim}, at the time {@code clock} gives, and
     * hands each item to {@code handle}, which settles it or leaves it to its lease.
     *
     * @return false when it stopped at half a batch's lease, the rest of the batch left to be claimed again
     */
    public static <T> boolean drain(Supplier<Instant> clock, Duration lease, int batchSize, Claim<T> claim,
            Consumer<T> handle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least 1 item, not " + batchSize);
        }
        Collection<T> batch;
        do {
            Instant claimed = clock.get();
            batch = claim.claim(claimed, batchSize);
            Instant stopAt = claimed.plus(lease.dividedBy(2));
            for (T item : batch) {
                if (clock.get().isAfter(stopAt)) {
                    return false;
                }
                handle.accept(item);
            }
        }
        while (batch.size() == batchSize);
        return true;
    }
}
