package dev.janus.orchestrator.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.janus.events.Turn;

/**
 * Whether a conversation has already been told that no language model is configured: it has when one of its recent
 * turns (from memory) is a reply carrying the note, or when this instance gave the note on the stream before (the
 * last {@value #MAX_STREAMS} streams are kept). So the note comes once per conversation: on another replica, or
 * after the note left the recent turns and this instance's memory, it may come once more. Thread-safe.
 */
final class ModelNotes {

    static final int MAX_STREAMS = 10_000;

    private final String note;
    private final Map<String, Boolean> noted = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    ModelNotes(String note) {
        this.note = note;
    }

    /** Whether the stream gets the note now; true once, then false. */
    boolean firstFor(String streamId, List<Turn> recentTurns) {
        boolean inTurns = recentTurns.stream()
                .anyMatch(turn -> "assistant".equals(turn.role()) && turn.text().contains(note));
        synchronized (noted) {
            return noted.put(streamId, Boolean.TRUE) == null && !inTurns;
        }
    }
}
