package dev.janus.memory.facts;

import java.util.List;
import java.util.Set;

/** Where facts live, per user: in memory, or in Redis when the bus is Redis. Thread-safe. */
public interface FactStore {

    /** Every fact of the user, current and superseded, oldest first. */
    List<StoredFact> of(String userId);

    /** Stores or replaces (by id) the user's facts. */
    void put(String userId, List<StoredFact> facts);

    /** Removes the user's facts with these ids. */
    void remove(String userId, Set<String> factIds);

    /** Removes every fact of the user; returns how many there were. */
    int forget(String userId);

    /** Every user with facts. */
    Set<String> users();
}
