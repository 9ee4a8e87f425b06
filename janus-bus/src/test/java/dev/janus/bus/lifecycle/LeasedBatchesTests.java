package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LeasedBatchesTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final List<Integer> due = new ArrayList<>(IntStream.range(0, 25).boxed().toList());
    private final List<Integer> handled = new ArrayList<>();
    private final List<Instant> claims = new ArrayList<>();

    @Test
    void claimsBatchesUntilOneComesBackShortAtTheTimeOfEachClaim() {
        // when: batches of 10 out of 25 due, each item taking a second
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, this::claim, handleTaking(Duration.ofSeconds(1)));

        // then: three claims, the last one short
        assertThat(done).isTrue();
        assertThat(handled).hasSize(25);
        assertThat(claims).containsExactly(START, START.plusSeconds(10), START.plusSeconds(20));
    }

    @Test
    void leavesWhatABatchHasNotReachedWithinHalfItsLease() {
        // when: each item takes 4 s, so the fifth would start 16 s after the claim
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, this::claim, handleTaking(Duration.ofSeconds(4)));

        // then: the rest of the first batch is left to its lease, and no other batch is claimed
        assertThat(done).isFalse();
        assertThat(handled).containsExactly(0, 1, 2, 3);
        assertThat(claims).hasSize(1);
    }

    @Test
    void measuresHalfTheLeaseFromEachBatchsOwnClaim() {
        // when: a first batch of 10 taking 12 s, then a second one
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, this::claim,
                handleTaking(Duration.ofMillis(1_200)));

        // then: the second batch, 12 s after the first claim, still has its own 15 s
        assertThat(done).isTrue();
        assertThat(handled).hasSize(25);
    }

    @Test
    void handlesNothingOfABatchWhoseClaimTookHalfTheLease() {
        // when: the claim itself returns 16 s after it began
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, (at, max) -> {
            List<Integer> batch = claim(at, max);
            now.updateAndGet(instant -> instant.plusSeconds(16));
            return batch;
        }, handled::add);

        // then
        assertThat(done).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void refusesABatchOfNothing() {
        assertThatIllegalArgumentException().isThrownBy(() -> LeasedBatches.drain(now::get, LEASE, 0, this::claim,
                handled::add)).withMessage("a batch holds at least 1 item, not 0");
    }

    private List<Integer> claim(Instant at, int max) {
        claims.add(at);
        List<Integer> batch = new ArrayList<>(due.subList(0, Math.min(max, due.size())));
        due.removeAll(batch);
        return batch;
    }

    /** Handles an item, which takes {@code time} on the test's clock. */
    private Consumer<Integer> handleTaking(Duration time) {
        return item -> {
            handled.add(item);
            now.updateAndGet(instant -> instant.plus(time));
        };
    }
}
