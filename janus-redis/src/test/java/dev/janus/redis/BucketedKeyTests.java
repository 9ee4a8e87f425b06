package dev.janus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class BucketedKeyTests {

    private final BucketedKey deadlines = new BucketedKey("janus:join:deadlines");

    @Test
    void anItemsKeysShareTheSlotOfItsBucket() {
        for (int i = 0; i < 1_000; i++) {
            String item = "correlation-" + i;
            assertThat(SlotHash.getSlot("janus:join:" + BucketedKey.tagOf(item) + ":" + item))
                    .isEqualTo(SlotHash.getSlot(deadlines.keyOf(item)));
        }
    }

    @Test
    void splitsIntoAFixedNumberOfBucketsOverSeveralSlots() {
        // when
        Set<Integer> slots = new HashSet<>();
        deadlines.keys().forEach(key -> slots.add(SlotHash.getSlot(key)));

        // then
        assertThat(deadlines.keys()).hasSize(BucketedKey.BUCKETS).first().isEqualTo("janus:join:deadlines:{b0}");
        assertThat(slots).hasSize(BucketedKey.BUCKETS);
    }

    @Test
    void anItemAlwaysFallsInTheSameBucket() {
        assertThat(BucketedKey.bucketOf("r1")).isEqualTo(Math.floorMod("r1".hashCode(), BucketedKey.BUCKETS));
        assertThat(deadlines.keyOf("r1")).isEqualTo(deadlines.key(BucketedKey.bucketOf("r1")));
    }
}
