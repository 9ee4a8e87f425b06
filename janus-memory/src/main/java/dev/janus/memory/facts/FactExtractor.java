package dev.janus.memory.facts;

import java.util.List;

/** Finds long-term facts about the speaker in a message. Implementations are thread-safe. */
public interface FactExtractor {

    /** The facts the speaker of {@code text} stated about themselves; empty for questions and small talk. */
    List<ExtractedFact> extract(String text);
}
