package dev.janus.memory.facts;

import java.util.List;

/** Finds long-term facts about the speaker in a message. Implementations are thread-safe. */
public interface FactExtractor {

    /** The most facts one message teaches: a message listing hundreds ("I like a1. I like a2. …") teaches these. */
    int MAX_FACTS = 20;

    /**
     * The facts the speaker of {@code text} stated about themselves, at most {@value #MAX_FACTS}; empty for questions
     * and small talk.
     */
    List<ExtractedFact> extract(String text);

    /**
     * Forgets every text and answer it keeps, when a user asks to be forgotten (their texts may be among them); an
     * extractor that keeps none does nothing.
     */
    default void clearCache() {
    }
}
