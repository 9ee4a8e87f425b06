package dev.janus.memory.recall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.janus.memory.MemoryProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecallIndexTests {

    private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");

    private final RecallIndex recall = new RecallIndex(new VolatileVectorStore(),
            new MemoryProperties.Recall(Duration.ofDays(30), 0.5, 0.25), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ranksEquallySimilarItemsByRecencyAndLeavesOutExcludedSources() {
        // given
        Random random = new Random(1);
        float[] query = VectorIndexTests.unit(random);
        recall.add(item("old", NOW.minus(Duration.ofDays(90))), query);
        recall.add(item("new", NOW.minus(Duration.ofDays(1))), query);
        recall.add(item("current", NOW), query);
        recall.add(item("unrelated", NOW), VectorIndexTests.unit(random));

        // when
        List<RecallIndex.Recalled> found = recall.recall("ada", query, 5, Set.of("e-current"));

        // then: the unrelated item is below the minimum similarity
        assertThat(found).extracting(r -> r.item().id()).containsExactly("new", "old");
        assertThat(found.get(0).score()).isGreaterThan(found.get(1).score());
        assertThat(found.get(1).similarity()).isGreaterThan(0.99);
    }

    @Test
    void theScoreHalvesItsRecencyShareEveryHalfLife() {
        // when
        double fresh = recall.score(1.0, NOW, NOW);
        double aged = recall.score(1.0, NOW.minus(Duration.ofDays(30)), NOW);

        // then: weight 0.5 → 0.5 + 0.5 × 2^-1
        assertThat(fresh).isEqualTo(1.0);
        assertThat(aged).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void forgetsAUsersItems() {
        // given
        recall.add(item("a", NOW), VectorIndexTests.unit(new Random(2)));

        // when
        int forgotten = recall.forget("ada");

        // then
        assertThat(forgotten).isEqualTo(1);
        assertThat(recall.items("ada")).isEmpty();
    }

    private static RecallItem item(String id, Instant at) {
        return new RecallItem(id, "ada", "s-1", "user", "text of " + id, "e-" + id, at);
    }
}
