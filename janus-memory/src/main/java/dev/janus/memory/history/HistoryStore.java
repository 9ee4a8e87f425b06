package dev.janus.memory.history;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Where conversation history lives: in memory, or in Redis when the bus is Redis. Entries of a stream are kept in
 * the order of their time; each source event is stored once per stream, however often it is delivered.
 * Implementations are thread-safe.
 */
public interface HistoryStore {

    /**
     * Stores the entry unless its stream already holds one from the same source event.
     *
     * @return whether it was stored now
     */
    boolean append(HistoryEntry entry);

    /** The stream's latest {@code limit} entries, oldest first. */
    default List<HistoryEntry> recent(String streamId, int limit) {
        return readRecent(streamId, limit).get();
    }

    /**
     * Starts reading {@link #recent} and returns without waiting for it (the Redis store has sent its read), so that
     * the caller can read elsewhere meanwhile; the supplier waits for the entries, and throws what the read failed
     * with.
     */
    Supplier<List<HistoryEntry>> readRecent(String streamId, int limit);

    /** All of the stream's entries, oldest first. */
    List<HistoryEntry> all(String streamId);

    /** Removes {@code removed} from the stream and adds {@code added}, as one step: consolidation's rewrite. */
    void replace(String streamId, List<HistoryEntry> removed, @Nullable HistoryEntry added);

    /** Every stream with history. */
    Set<String> streams();

    /** The streams holding entries of the user. */
    Set<String> streamsOf(String userId);

    /** Removes one entry of the user, if there is one with this id. */
    Optional<HistoryEntry> remove(String userId, String entryId);

    /** Removes every entry of the user, in every stream, and returns what was removed. */
    List<HistoryEntry> forget(String userId);
}
