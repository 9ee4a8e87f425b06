package dev.janus.events;

/**
 * Memory learned a fact about a user from what they said; a contradiction of an older fact is also announced as
 * {@code memory.conflict.detected}.
 *
 * @param fact the fact, with its provenance
 */
public record LearnedFact(Fact fact) implements EventContent {

    public LearnedFact {
        Constraints.present("fact", fact);
    }
}
