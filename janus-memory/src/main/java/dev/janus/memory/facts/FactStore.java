package dev.janus.memory.facts;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Where facts live, per user: in memory, or in Redis when the bus is Redis. Thread-safe. */
public interface FactStore {

    /** Every fact of the user, current and superseded, oldest first. */
    default List<StoredFact> of(String userId) {
        return readOf(userId).get();
    }

    /**
     * Starts reading {@link #of} and returns without waiting for it (the Redis store has sent its read), so that the
     * caller can read elsewhere meanwhile; the supplier waits for the facts, and throws what the read failed with.
     */
    Supplier<List<StoredFact>> readOf(String userId);

    /** Stores or replaces (by id) the user's facts. */
    void put(String userId, List<StoredFact> facts);

    /** Removes the user's facts with these ids. */
    void remove(String userId, Set<String> factIds);

    /** Removes every fact of the user; returns how many there were. */
    int forget(String userId);

    /** Every user with facts. */
    Set<String> users();
}
