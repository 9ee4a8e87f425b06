package dev.janus.memory.patterns;

import java.util.List;

/**
 * Per-user evidence of patterns: for each pattern (a kind and a key, such as {@code recurring_topic}/{@code deploy})
 * a set of fields (event ids, or days) with an event id each, and which levels were reported. Adding is idempotent,
 * so a redelivered event counts once. Thread-safe.
 */
public interface PatternStore {

    /** Records {@code field} (with {@code eventId}) unless present; returns how many fields the pattern has. */
    int record(String userId, String kind, String key, String field, String eventId);

    /** Up to {@code limit} event ids of the pattern's fields. */
    List<String> evidence(String userId, String kind, String key, int limit);

    /** Marks the pattern's level as reported; whether it was not reported before. */
    boolean markReported(String userId, String kind, String key, int level);

    /** Removes everything of the user. */
    void forget(String userId);
}
