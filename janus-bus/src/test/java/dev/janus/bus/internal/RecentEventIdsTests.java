package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentEventIdsTests {

    @Test
    void remembersTheNewestIdsAndForgetsTheOldest() {
        // given room for 16,000 ids, 1,000 in each stripe
        RecentEventIds ids = new RecentEventIds(16_000);

        // when 100,000 ids are recorded
        IntStream.range(0, 100_000).forEach(i -> ids.add("event-" + i));

        // then the newest 8,000 are remembered (about 500 a stripe) and the first 50,000 are not
        assertThat(IntStream.range(92_000, 100_000)).allMatch(i -> ids.contains("event-" + i));
        assertThat(IntStream.range(0, 50_000)).noneMatch(i -> ids.contains("event-" + i));
    }

    @ParameterizedTest(name = "a share of {0}")
    @ValueSource(ints = { 1, 2, 5 })
    void eachStripeKeepsExactlyItsLastShareWhateverTheOrderOfAddsAndRepeats(int share) {
        // given a small share per stripe, so ids leave stale slots and the table is rebuilt all the time, and among
        // the ids 64 that share one hash ("Aa" and "BB" do, and so does any string of six such pairs): same stripe,
        // same first slot
        List<String> pool = new ArrayList<>();
        IntStream.range(0, 336).forEach(n -> pool.add("id-" + n));
        for (int pairs = 0; pairs < 64; pairs++) {
            StringBuilder colliding = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                colliding.append((pairs >> bit & 1) == 0 ? "Aa" : "BB");
            }
            pool.add(colliding.toString());
        }
        RecentEventIds ids = new RecentEventIds(share * RecentEventIds.STRIPES);
        List<ArrayDeque<String>> model = new ArrayList<>();
        IntStream.range(0, RecentEventIds.STRIPES).forEach(stripe -> model.add(new ArrayDeque<>()));
        Random random = new Random(7);

        for (int step = 0; step < 20_000; step++) {
            // when an id is recorded: a new one, or one seen lately again
            String id = pool.get(random.nextInt(pool.size()));
            ids.add(id);
            ArrayDeque<String> stripe = model.get(RecentEventIds.stripeOf(id));
            if (!stripe.contains(id)) {
                stripe.addLast(id);
                if (stripe.size() > share) {
                    stripe.removeFirst();
                }
            }

            // then exactly the ids the model keeps are remembered
            for (String candidate : pool) {
                assertThat(ids.contains(candidate)).as("%s after step %d", candidate, step)
                        .isEqualTo(model.get(RecentEventIds.stripeOf(candidate)).contains(candidate));
            }
        }
    }

    @Test
    void zeroCapacityRemembersNothing() {
        RecentEventIds ids = new RecentEventIds(0);

        ids.add("a");

        assertThat(ids.contains("a")).isFalse();
    }
}
