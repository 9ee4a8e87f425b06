package dev.janus.memory.recall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.janus.events.Int8Vector;
import dev.janus.memory.MemoryProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecallIndexTests {

    private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
    private static final String MODEL = "all-minilm-l6-v2-q";

    private final RecallIndex recall = new RecallIndex(new VolatileVectorStore(),
            new MemoryProperties.Recall(Duration.ofDays(30), 0.5, 0.25), Clock.fixed(NOW, ZoneOffset.UTC), MODEL);

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
    void leavesOutItemsAnotherModelEmbeddedUntilTheyAreReplacedWithThisModelsVectors() {
        // given: an item stored with another model's vector, exactly like the query
        KeepingStore store = new KeepingStore();
        RecallIndex index = new RecallIndex(store, new MemoryProperties.Recall(Duration.ofDays(30), 0.5, 0.25),
                Clock.fixed(NOW, ZoneOffset.UTC), MODEL);
        float[] query = VectorIndexTests.unit(new Random(5));
        RecallItem foreign = item("foreign", NOW);
        store.put(new VectorStore.StoredVector(foreign, Int8Vector.of(query), "all-minilm-l6-v2"));

        // when
        List<RecallIndex.Recalled> before = index.recall("ada", query, 5, Set.of());
        List<RecallItem> stale = index.embeddedByAnotherModel("ada");
        boolean replaced = index.replace(foreign, query);
        List<RecallIndex.Recalled> after = index.recall("ada", query, 5, Set.of());

        // then
        assertThat(before).isEmpty();
        assertThat(stale).containsExactly(foreign);
        assertThat(replaced).isTrue();
        assertThat(after).extracting(found -> found.item().id()).containsExactly("foreign");
        assertThat(store.load("ada")).extracting(VectorStore.StoredVector::model).containsExactly(MODEL);
        assertThat(index.embeddedByAnotherModel("ada")).isEmpty();
    }

    @Test
    void doesNotBringBackAnItemRemovedBeforeItsNewVectorArrived() {
        // given
        KeepingStore store = new KeepingStore();
        RecallIndex index = new RecallIndex(store, new MemoryProperties.Recall(Duration.ofDays(30), 0.5, 0.25),
                Clock.fixed(NOW, ZoneOffset.UTC), MODEL);
        float[] vector = VectorIndexTests.unit(new Random(6));
        RecallItem erased = item("erased", NOW);
        store.put(new VectorStore.StoredVector(erased, Int8Vector.of(vector), "all-minilm-l6-v2"));
        store.forget("ada");

        // when
        boolean replaced = index.replace(erased, vector);

        // then
        assertThat(replaced).isFalse();
        assertThat(store.load("ada")).isEmpty();
        assertThat(index.recall("ada", vector, 5, Set.of())).isEmpty();
    }

    @Test
    void keepsAtMostTheConfiguredUsersInTheHeapAndReloadsADroppedOneFromTheStore() {
        // given room for ten users in the heap, and thirty users invented one after another
        RecallIndex bounded = new RecallIndex(new KeepingStore(),
                new MemoryProperties.Recall(Duration.ofDays(30), 0.5, 0.25, 10), Clock.fixed(NOW, ZoneOffset.UTC),
                MODEL);
        Random random = new Random(3);
        float[] first = VectorIndexTests.unit(random);
        bounded.add(new RecallItem("item-0", "user-0", "s", "user", "the first user's item", "e-0", NOW), first);
        for (int i = 1; i < 30; i++) {
            bounded.add(new RecallItem("item-" + i, "user-" + i, "s", "user", "item " + i, "e-" + i, NOW),
                    VectorIndexTests.unit(random));
        }

        // then the heap holds no more than ten, and the first user's items load again from the store
        assertThat(bounded.usersInHeap()).isLessThanOrEqualTo(10);
        assertThat(bounded.recall("user-0", first, 1, Set.of())).extracting(found -> found.item().text())
                .containsExactly("the first user's item");
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

    /** A store that keeps vectors in a map, as Redis keeps them. */
    private static final class KeepingStore implements VectorStore {

        private final java.util.Map<String, java.util.Map<String, StoredVector>> users = new java.util.HashMap<>();
        private long version;

        @Override
        public synchronized List<StoredVector> load(String userId) {
            return List.copyOf(users.getOrDefault(userId, java.util.Map.of()).values());
        }

        @Override
        public synchronized long put(StoredVector vector) {
            users.computeIfAbsent(vector.item().userId(), user -> new java.util.HashMap<>()).put(vector.item().id(),
                    vector);
            return ++version;
        }

        @Override
        public synchronized long remove(String userId, java.util.Collection<String> itemIds) {
            itemIds.forEach(users.getOrDefault(userId, new java.util.HashMap<>())::remove);
            return ++version;
        }

        @Override
        public synchronized int forget(String userId) {
            java.util.Map<String, StoredVector> gone = users.remove(userId);
            return gone == null ? 0 : gone.size();
        }

        @Override
        public synchronized long version(String userId) {
            return version;
        }

        @Override
        public synchronized Set<String> users() {
            return Set.copyOf(users.keySet());
        }
    }
}
