package dev.janus.memory.recall;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.janus.events.Int8Vector;

/**
 * Where recall items and their vectors persist, per user, so an index can be rebuilt after a restart and replicas see
 * each other's items. Every change bumps the user's version, by which a replica notices that its index is stale.
 * Thread-safe.
 */
public interface VectorStore {

    /**
     * An item with its vector.
     *
     * @param item the item
     * @param vector its quantised unit vector
     * @param model the id of the model that embedded it ({@code janus.embeddings.model}); vectors of another model
     *        than the reader's are never compared with its queries but embedded again
     */
    record StoredVector(RecallItem item, Int8Vector vector, String model) {
    }

    /** Every item of the user. */
    List<StoredVector> load(String userId);

    /** Stores (or replaces by id) an item; returns the user's version after the change. */
    long put(StoredVector vector);

    /**
     * Replaces the vector of an item that is still stored (re-embedding must not bring back an item that was removed
     * meanwhile); returns the user's version after the change, or -1 when the item is gone. The default reads, then
     * writes: a store shared by several processes replaces atomically.
     */
    default long replaceIfPresent(StoredVector vector) {
        boolean present = load(vector.item().userId()).stream()
                .anyMatch(stored -> stored.item().id().equals(vector.item().id()));
        return present ? put(vector) : -1;
    }

    /** Removes the user's items with these ids; returns the user's version after the change. */
    long remove(String userId, Collection<String> itemIds);

    /** Removes every item of the user; returns how many there were. */
    int forget(String userId);

    /** The user's version: changes with every change of the user's items. */
    long version(String userId);

    /** Every user with items. */
    Set<String> users();

    /**
     * Which items changed after {@code version}, so an index behind can catch up with the changes alone rather than
     * load every item again.
     *
     * @param version the version the index reflects
     * @return the ids changed (stored, replaced or removed) by the versions after {@code version}, up to the last one the
     *         store can vouch for without a gap; empty when it does not remember back that far (the index then loads
     *         everything)
     */
    default Optional<Changes> changesSince(String userId, long version) {
        return Optional.empty();
    }

    /**
     * The changes after a version.
     *
     * @param through the last version they cover
     * @param itemIds the ids of the items they changed
     */
    record Changes(long through, Set<String> itemIds) {
    }

    /** The user's items with these ids as stored now; an id missing from the result is not stored (removed). */
    default Map<String, StoredVector> find(String userId, Collection<String> itemIds) {
        Map<String, StoredVector> found = new HashMap<>();
        for (StoredVector stored : load(userId)) {
            if (itemIds.contains(stored.item().id())) {
                found.put(stored.item().id(), stored);
            }
        }
        return found;
    }

    /**
     * Whether it keeps the vectors itself, so an index dropped from the heap can load again (true for Redis; the
     * volatile store of the in-memory bus keeps nothing and the heap index is all there is).
     */
    default boolean keepsVectors() {
        return true;
    }
}
