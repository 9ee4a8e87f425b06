package dev.janus.memory.facts;

import java.time.Instant;
import java.util.Objects;

import dev.janus.events.Fact;
import org.jspecify.annotations.Nullable;

/**
 * A fact as memory keeps it: current, or superseded by a newer fact that contradicted it. Superseded facts are
 * history, shown by the REST interface, never silently deleted.
 *
 * @param fact the fact with its provenance
 * @param supersededBy the id of the fact that replaced it; absent while it is current
 * @param supersededAt when it was replaced; absent while it is current
 */
public record StoredFact(Fact fact, @Nullable String supersededBy, @Nullable Instant supersededAt) {

    public StoredFact {
        Objects.requireNonNull(fact, "fact must not be null");
    }

    /** A current fact. */
    public static StoredFact current(Fact fact) {
        return new StoredFact(fact, null, null);
    }

    /** Whether no newer fact replaced it. */
    public boolean isCurrent() {
        return supersededBy == null;
    }

    /** This fact replaced by {@code newer}. */
    public StoredFact supersededBy(Fact newer) {
        return new StoredFact(fact, newer.id(), newer.at());
    }

    /** The id of the fact. */
    public String id() {
        return fact.id();
    }
}
