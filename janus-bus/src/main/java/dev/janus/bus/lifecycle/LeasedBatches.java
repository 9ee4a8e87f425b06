package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Work that replicas claim in batches under a lease (timed-out joins, scheduled checks, due reminders): a batch is
 * claimed, its items handled one by one, and another batch claimed while the last came back full. What a claimer
 * does not settle within the lease is claimed again (by any replica) once the lease has passed, so nothing is lost
 * to a claimer that dies or fails. Items a batch has not reached within half the lease are left to that, rather than
 * handled while another replica may be claiming them again.
 */
public final class LeasedBatches {

    private LeasedBatches() {
    }

    /**
     * Claims batches of up to {@code batchSize} with {@code claim} (given the time of the claim, read from
     * {@code clock}) and hands each item to {@code handle}, which settles it or leaves it to its lease.
     *
     * @return false when it stopped at half a batch's lease, the rest of the batch left to be claimed again
     */
    public static <T> boolean drain(Supplier<Instant> clock, Duration lease, int batchSize, Function<Instant, List<T>> claim,
            Consumer<T> handle) {
        List<T> batch;
        do {
            Instant claimed = clock.get();
            batch = claim.apply(claimed);
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
