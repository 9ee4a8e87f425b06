package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeasedBatchesTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Integer> due = new ArrayList<>(IntStream.range(0, 25).boxed().toList());
    private final List<Integer> handled = new ArrayList<>();

    @Test
    void claimsBatchesUntilOneComesBackShort() {
        // when: batches of 10 out of 25 due
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, claimedAt -> claim(10), handled::add);

        // then
        assertThat(done).isTrue();
        assertThat(handled).hasSize(25);
        assertThat(due).isEmpty();
    }

    @Test
    void leavesWhatABatchHasNotReachedWithinHalfItsLease() {
        // when: each item takes 4 s, so the fifth would start 16 s after the claim
        boolean done = LeasedBatches.drain(now::get, LEASE, 10, claimedAt -> claim(10), item -> {
            handled.add(item);
            now.updateAndGet(instant -> instant.plusSeconds(4));
        });

        // then: the rest of the first batch is left to its lease, and no other batch is claimed
        assertThat(done).isFalse();
        assertThat(handled).containsExactly(0, 1, 2, 3);
        assertThat(due).hasSize(15);
    }

    private List<Integer> claim(int max) {
        List<Integer> batch = new ArrayList<>(due.subList(0, Math.min(max, due.size())));
        due.removeAll(batch);
        return batch;
    }
}
