package dev.janus.memory.patterns;

import java.util.List;

/**
 * Per-user evidence of patterns: for each pattern (a kind and a key, such as {@code recurring_topic}/{@code deploy})
 * a set of fields (event ids, or days) with an event id each, and which levels were reported. Adding is idempotent,
 * so a redelivered event counts once. Thread-safe.
 */
public interface PatternStore {

    /**
     * Records each observation's field unless its pattern has it already, and returns how many fields each
     * observation's pattern has after it, in the observations' order. On Redis every command of the call is sent
     * together: one round trip however many patterns a message touches.
     */
    List<Integer> recordAll(String userId, List<Observation> observations);

    /** Up to {@code limit} event ids of the pattern's fields. */
    List<String> evidence(String userId, String kind, String key, int limit);

    /** Marks the pattern's level as reported; whether it was not reported before. */
    boolean markReported(String userId, String kind, String key, int level);

    /** Removes everything of the user. */
    void forget(String userId);

    /**
     * A field seen for a pattern: an event id for a topic, a day for a time of day.
     *
     * @param kind the pattern's kind, e.g. {@code recurring_topic}
     * @param key the pattern within its kind, e.g. {@code deploy}
     * @param field what counts once, however often it is recorded
     * @param eventId the event that showed it
     */
    record Observation(String kind, String key, String field, String eventId) {
    }
}
