package dev.janus.memory.recall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.memory.MemoryProperties;
import dev.janus.redis.RedisSettings;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Two memory replicas on one Redis: the second sees the first's changes by catching up, not by loading again. */
@ExtendWith(RedisExtension.class)
class RedisVectorStoreIntegrationTests {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final String USER = "vera";
    private static RedisSettings settings;

    private final List<SharedRedis> connections = new ArrayList<>();
    private final Random random = new Random(7);
    private SharedRedis redis;
    private RecallIndex writer;
    private CountingStore readerStore;
    private RecallIndex reader;

    @BeforeAll
    static void locateRedis(RedisEndpoint endpoint) {
        settings = TestBusSettings.redis(endpoint.url()).build().redis().connection();
    }

    @BeforeEach
    void twoReplicas() {
        redis = connect();
        redis.sync().del(RedisVectorStore.key(USER), RedisVectorStore.versionKey(USER),
                RedisVectorStore.changesKey(USER));
        writer = index(new RedisVectorStore(connect()));
        readerStore = new CountingStore(new RedisVectorStore(connect()));
        reader = index(readerStore);
    }

    @AfterEach
    void disconnect() {
        connections.forEach(SharedRedis::close);
    }

    @Test
    void anAddIsInStepWithTheStoreUnlessAnotherReplicaChangedTheUserSinceItsIndexLastDid() {
        // given: the reader's index has the writer's first item
        writer.add(item("first"), unit());
        assertThat(reader.items(USER)).extracting(RecallItem::id).containsExactly("first");

        // when: the reader adds after it; the writer adds; the reader adds again
        boolean afterCatchingUp = reader.add(item("second"), unit());
        float[] query = unit();
        writer.add(item("third"), query);
        boolean afterAnotherReplicasChange = reader.add(item("fourth"), unit());

        // then: only the first add found the index in step, and a recall after the second still finds the writer's
        // item, by asking the store
        assertThat(afterCatchingUp).isTrue();
        assertThat(afterAnotherReplicasChange).isFalse();
        assertThat(reader.recall(USER, query, 1, Set.of())).extracting(recalled -> recalled.item().id())
                .containsExactly("third");
    }

    @Test
    void aReplicaCatchesUpWithAnotherReplicasAdditionsAndRemovalsWithoutLoadingEverything() {
        // given: the reader has loaded the user's items once
        for (int i = 0; i < 20; i++) {
            writer.add(item("old-" + i), unit());
        }
        assertThat(reader.items(USER)).hasSize(20);
        int loads = readerStore.loads.get();

        // when the writer adds one item and removes another
        float[] query = unit();
        writer.add(item("new"), query);
        writer.remove(USER, List.of("old-3"));

        // then the reader recalls the new item, no longer has the removed one, and read only what changed
        assertThat(reader.recall(USER, query, 1, Set.of())).extracting(recalled -> recalled.item().id())
                .containsExactly("new");
        assertThat(reader.items(USER)).extracting(RecallItem::id).hasSize(20).contains("new")
                .doesNotContain("old-3");
        assertThat(readerStore.loads.get()).isEqualTo(loads);
        assertThat(readerStore.found).containsExactlyInAnyOrder(Set.of("new", "old-3"));
    }

    @Test
    void aReplicaLoadsEverythingAgainWhenTheChangesItMissedAreNoLongerListed() {
        // given
        writer.add(item("first"), unit());
        assertThat(reader.items(USER)).hasSize(1);
        int loads = readerStore.loads.get();

        // when more changes happen than the list remembers
        for (int i = 0; i <= RedisVectorStore.REMEMBERED_CHANGES; i++) {
            writer.add(item("item-" + (i % 3)), unit());
        }

        // then
        assertThat(reader.items(USER)).extracting(RecallItem::id)
                .containsExactlyInAnyOrder("first", "item-0", "item-1", "item-2");
        assertThat(readerStore.loads.get()).isEqualTo(loads + 1);
        assertThat(redis.sync().llen(RedisVectorStore.changesKey(USER)))
                .isEqualTo(RedisVectorStore.REMEMBERED_CHANGES);
    }

    @Test
    void aReplicaSeesThatTheUserWasForgottenOnAnother() {
        // given
        writer.add(item("secret"), unit());
        assertThat(reader.items(USER)).hasSize(1);

        // when
        writer.forget(USER);

        // then: nothing of the user is left, not even a key named after them
        assertThat(reader.items(USER)).isEmpty();
        assertThat(redis.sync().exists(RedisVectorStore.key(USER), RedisVectorStore.versionKey(USER),
                RedisVectorStore.changesKey(USER))).isZero();
    }

    @Test
    void aRemovalOfMoreItemsThanAnEntryListsMakesAReplicaLoadAgain() {
        // given
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= RedisVectorStore.MAX_LISTED_IDS; i++) {
            writer.add(item("old-" + i), unit());
            many.add("old-" + i);
        }
        writer.add(item("kept"), unit());
        assertThat(reader.items(USER)).hasSize(many.size() + 1);
        int loads = readerStore.loads.get();

        // when: a consolidation removes them in one change
        writer.remove(USER, many);

        // then
        assertThat(reader.items(USER)).extracting(RecallItem::id).containsExactly("kept");
        assertThat(readerStore.loads.get()).isEqualTo(loads + 1);
    }

    @Test
    void aReplicaLoadsAgainWhenTheStoreIsBehindItsIndex() {
        // given: the reader has loaded three changes
        for (int i = 0; i < 3; i++) {
            writer.add(item("lost-" + i), unit());
        }
        assertThat(reader.items(USER)).hasSize(3);

        // when Redis loses the user's vectors (a flush, a failover that lost writes) and one is written again
        redis.sync().del(RedisVectorStore.key(USER), RedisVectorStore.versionKey(USER),
                RedisVectorStore.changesKey(USER));
        writer.add(item("after"), unit());

        // then the reader's index, ahead of the store's version, is loaded again
        assertThat(reader.items(USER)).extracting(RecallItem::id).containsExactly("after");
    }

    @Test
    void aWriterThatDiedBeforeListingItsChangeIsCaughtUpWithAfterTheNextChange() {
        // given: a writer stored an item and bumped the version, but its change never reached the list
        assertThat(reader.items(USER)).isEmpty();
        writer.add(item("orphan"), unit());
        redis.sync().rpop(RedisVectorStore.changesKey(USER));
        assertThat(reader.items(USER)).isEmpty();

        // when the next change is listed
        writer.add(item("next"), unit());

        // then the gap makes the reader load everything, the orphan included
        assertThat(reader.items(USER)).extracting(RecallItem::id).containsExactlyInAnyOrder("orphan", "next");
    }

    private SharedRedis connect() {
        SharedRedis connection = new SharedRedis(settings);
        connections.add(connection);
        return connection;
    }

    private static RecallIndex index(VectorStore store) {
        return new RecallIndex(store, new MemoryProperties.Recall(Duration.ofDays(30), 0.2, -1.0, 5000, null),
                Clock.systemUTC(), MODEL);
    }

    private static RecallItem item(String id) {
        return new RecallItem(id, USER, "s-vectors", "user", "text of " + id, "e-" + id, Instant.now());
    }

    private float[] unit() {
        return VectorIndexTests.unit(random);
    }

    /** The Redis store, counting how often it loads every item and which ids it is asked to find. */
    private static final class CountingStore implements VectorStore {

        private final VectorStore store;
        final AtomicInteger loads = new AtomicInteger();
        final List<Set<String>> found = new ArrayList<>();

        CountingStore(VectorStore store) {
            this.store = store;
        }

        @Override
        public List<StoredVector> load(String userId) {
            loads.incrementAndGet();
            return store.load(userId);
        }

        @Override
        public Map<String, StoredVector> find(String userId, Collection<String> itemIds) {
            found.add(Set.copyOf(itemIds));
            return store.find(userId, itemIds);
        }

        @Override
        public Optional<Changes> changesSince(String userId, long version) {
            return store.changesSince(userId, version);
        }

        @Override
        public long put(StoredVector vector) {
            return store.put(vector);
        }

        @Override
        public long remove(String userId, Collection<String> itemIds) {
            return store.remove(userId, itemIds);
        }

        @Override
        public int forget(String userId) {
            return store.forget(userId);
        }

        @Override
        public long version(String userId) {
            return store.version(userId);
        }

        @Override
        public Set<String> users() {
            return store.users();
        }
    }
}
