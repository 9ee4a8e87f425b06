package dev.janus.memory.recall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.events.Int8Vector;
import dev.janus.memory.MemoryProperties;
import org.jspecify.annotations.Nullable;

/**
 * Every user's recall items, searchable by meaning: one {@link VectorIndex} per user in this JVM, loaded from the
 * {@link VectorStore} on first use and again when another replica changed the user's items. With a store that keeps
 * the vectors (Redis), at most {@code janus.memory.recall.max-users-in-heap} users' indexes stay in the heap; past
 * that the least recently used tenth is dropped (they load again when needed). Ranks what the index finds by
 * {@code similarity × ((1 − w) + w × 2^(−age / half-life))}. Every vector is labelled with the model that embedded it;
 * stored items of another model are left out of the index (never compared with this model's queries) until
 * {@link Reembedding} gives them this model's vectors. Thread-safe.
 */
public final class RecallIndex {

    private static final int MIN_CANDIDATES = 50;

    private final VectorStore store;
    private final MemoryProperties.Recall ranking;
    private final Clock clock;
    private final String modelId;
    private final Map<String, Loaded> indexes = new ConcurrentHashMap<>();

    /**
     * An index over {@code store}.
     *
     * @param modelId the id of the model whose vectors it is given ({@link Embedder#modelId()}); stored vectors of
     *        other models are left out
     */
    public RecallIndex(VectorStore store, MemoryProperties.Recall ranking, Clock clock, String modelId) {
        this.store = store;
        this.ranking = ranking;
        this.clock = clock;
        this.modelId = modelId;
    }

    /** The id of the model whose vectors it holds. */
    public String modelId() {
        return modelId;
    }

    /**
     * An item found for a query.
     *
     * @param item the item
     * @param similarity its cosine similarity to the query
     * @param score the similarity weighted by recency, by which results are ordered
     */
    public record Recalled(RecallItem item, double similarity, double score) {
    }

    /**
     * Adds (or replaces) an item with its unit vector by this index's model.
     *
     * @return whether the user's index was in step with the store as of this change (no other replica's change in
     *         between), so that a recall right after may use it without asking the store ({@link #recallInStep})
     */
    public boolean add(RecallItem item, float[] unitVector) {
        Loaded loaded = loaded(item.userId());
        loaded.index().put(item, unitVector);
        long version = store.put(new VectorStore.StoredVector(item, Int8Vector.of(unitVector), modelId));
        return loaded.advanceTo(version);
    }

    /**
     * Gives a stored item this index's model's vector, unless it was removed meanwhile; whether it was still there.
     * With the in-memory bus's store, which keeps nothing, there is never a stored item to replace.
     */
    public boolean replace(RecallItem item, float[] unitVector) {
        long version = store.replaceIfPresent(new VectorStore.StoredVector(item, Int8Vector.of(unitVector), modelId));
        if (version < 0) {
            return false;
        }
        Loaded loaded = loaded(item.userId());
        loaded.index().put(item, unitVector);
        loaded.advanceTo(version);
        return true;
    }

    /** The user's stored items whose vectors another model made, to be embedded again. */
    public List<RecallItem> embeddedByAnotherModel(String userId) {
        return store.load(userId).stream().filter(stored -> !modelId.equals(stored.model()))
                .map(VectorStore.StoredVector::item).toList();
    }

    /** Whether the user's item with this id is in the index (with this index's model's vector). */
    public boolean contains(String userId, String itemId) {
        return fresh(userId).index().contains(itemId);
    }

    /**
     * The unit vector by this index's model of the user's item with this id: from the index in the heap, else from
     * the store (another replica may have indexed it); absent when neither has it by this model.
     */
    public float @Nullable [] vectorOf(String userId, String itemId) {
        float[] held = loaded(userId).index().vectorOf(itemId);
        if (held != null) {
            return held;
        }
        VectorStore.StoredVector stored = store.find(userId, List.of(itemId)).get(itemId);
        return stored != null && modelId.equals(stored.model()) ? stored.vector().toFloats() : null;
    }

    /**
     * The user's {@code count} best items for the query, excluding items stored from {@code excludedSources}.
     */
    public List<Recalled> recall(String userId, float[] unitQuery, int count, Set<String> excludedSources) {
        return rank(fresh(userId).index(), unitQuery, count, excludedSources);
    }

    /**
     * As {@link #recall}, right after an {@link #add} for the user that found the index in step with the store: the
     * index as it stands, without a round trip to ask the store whether another replica changed it since.
     */
    public List<Recalled> recallInStep(String userId, float[] unitQuery, int count, Set<String> excludedSources) {
        return rank(loaded(userId).index(), unitQuery, count, excludedSources);
    }

    private List<Recalled> rank(VectorIndex index, float[] unitQuery, int count, Set<String> excludedSources) {
        int candidates = Math.max(MIN_CANDIDATES, count * 4);
        Instant now = clock.instant();
        List<Recalled> ranked = new ArrayList<>();
        for (VectorIndex.Neighbour neighbour : index.nearest(unitQuery, candidates,
                item -> !excludedSources.contains(item.sourceEventId()))) {
            if (neighbour.similarity() >= ranking.minSimilarity()) {
                ranked.add(new Recalled(neighbour.item(), neighbour.similarity(),
                        score(neighbour.similarity(), neighbour.item().at(), now)));
            }
        }
        ranked.sort(Comparator.comparingDouble(Recalled::score).reversed());
        return ranked.size() > count ? List.copyOf(ranked.subList(0, count)) : ranked;
    }

    /** The ranking score of an item of this similarity and time. */
    public double score(double similarity, Instant at, Instant now) {
        double ageDays = Math.max(0, Duration.between(at, now).toMillis()) / 86_400_000.0;
        double halfLifeDays = ranking.halfLife().toMillis() / 86_400_000.0;
        double decay = Math.pow(2, -ageDays / halfLifeDays);
        double weight = ranking.recencyWeight();
        return similarity * ((1 - weight) + weight * decay);
    }

    /** Every item of the user. */
    public List<RecallItem> items(String userId) {
        return fresh(userId).index().items();
    }

    /** Removes the user's items with these ids; returns how many there were. */
    public int remove(String userId, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return 0;
        }
        Loaded loaded = fresh(userId);
        int removed = 0;
        for (String id : itemIds) {
            if (loaded.index().remove(id)) {
                removed++;
            }
        }
        loaded.advanceTo(store.remove(userId, itemIds));
        return removed;
    }

    /** Removes every item of the user; returns how many there were. */
    public int forget(String userId) {
        Loaded loaded = indexes.remove(userId);
        int inMemory = loaded == null ? 0 : loaded.index().size();
        int stored = store.forget(userId);
        return Math.max(inMemory, stored);
    }

    /** Every user with items, here or in the store. */
    public Set<String> users() {
        Set<String> users = new HashSet<>(store.users());
        indexes.forEach((user, loaded) -> {
            if (loaded.index().size() > 0) {
                users.add(user);
            }
        });
        return users;
    }

    /**
     * The user's index as the store has it now: in step, caught up with the changes another replica made (the ids the
     * store lists since the index's version, read again), or loaded again when the store cannot tell what changed.
     */
    private Loaded fresh(String userId) {
        Loaded loaded = loaded(userId);
        long version = store.version(userId);
        long known = loaded.version();
        if (version == known) {
            return loaded;
        }
        // behind: catch up with the listed changes; ahead (the store lost or forgot them): load again
        Optional<VectorStore.Changes> changes = version > known ? store.changesSince(userId, known) : Optional.empty();
        if (changes.isPresent()) {
            catchUp(userId, loaded, changes.get());
            loaded.caughtUp(known, changes.get().through());
            return loaded;
        }
        Loaded reloaded = load(userId, version);
        indexes.put(userId, reloaded);
        reloaded.used = System.nanoTime();
        return reloaded;
    }

    private void catchUp(String userId, Loaded loaded, VectorStore.Changes changes) {
        Map<String, VectorStore.StoredVector> now = store.find(userId, changes.itemIds());
        for (String id : changes.itemIds()) {
            VectorStore.StoredVector stored = now.get(id);
            if (stored != null && modelId.equals(stored.model())) {
                loaded.index().put(stored.item(), stored.vector().toFloats());
            }
            else {
                loaded.index().remove(id); // removed, or embedded again by another model
            }
        }
    }

    private Loaded loaded(String userId) {
        Loaded loaded = indexes.get(userId);
        if (loaded == null) {
            loaded = indexes.computeIfAbsent(userId, user -> load(user, store.version(user)));
            if (indexes.size() > ranking.maxUsersInHeap() && store.keepsVectors()) {
                dropLeastRecentlyUsed();
            }
        }
        loaded.used = System.nanoTime();
        return loaded;
    }

    /** Drops the least recently used tenth of the indexes in the heap. */
    private synchronized void dropLeastRecentlyUsed() {
        int excess = indexes.size() - ranking.maxUsersInHeap();
        if (excess <= 0) {
            return;
        }
        int drop = Math.max(excess, ranking.maxUsersInHeap() / 10);
        indexes.entrySet().stream()
                .sorted(Comparator.comparingLong(entry -> entry.getValue().used))
                .limit(drop)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(indexes::remove);
    }

    /** How many users' indexes are in the heap now. */
    int usersInHeap() {
        return indexes.size();
    }

    private Loaded load(String userId, long version) {
        VectorIndex index = new VectorIndex();
        for (VectorStore.StoredVector stored : store.load(userId)) {
            // another model's vector would be compared with this model's queries: left out until re-embedded
            if (modelId.equals(stored.model())) {
                index.put(stored.item(), stored.vector().toFloats());
            }
        }
        return new Loaded(index, version);
    }

    /**
     * An index and the store version it reflects; a change by this JVM advances the version when the store moved by
     * exactly one, else the index catches up with the changes in between on its next use.
     */
    private static final class Loaded {

        private final VectorIndex index;
        private long version;
        volatile long used = System.nanoTime();

        Loaded(VectorIndex index, long version) {
            this.index = index;
            this.version = version;
        }

        VectorIndex index() {
            return index;
        }

        synchronized long version() {
            return version;
        }

        /**
         * After this JVM's change: in step if the store moved by exactly one, else left behind to catch up; whether
         * it is in step.
         */
        synchronized boolean advanceTo(long storeVersion) {
            if (storeVersion == version + 1 || storeVersion == 0) {
                version = storeVersion;
                return true;
            }
            return false;
        }

        /** After catching up from {@code from} through {@code through}, unless another thread moved it meanwhile. */
        synchronized void caughtUp(long from, long through) {
            if (version == from) {
                version = through;
            }
        }
    }
}
