package dev.janus.events;

import java.time.Instant;
import java.util.List;

/**
 * A long-term fact about a user, with where it came from.
 *
 * @param id the fact's identifier
 * @param subject whom it is about, usually a user id
 * @param attribute what it says something about, e.g. {@code name}
 * @param value what it says
 * @param provenance ids of the events it was learned from
 * @param at when it was learned
 */
public record Fact(String id, String subject, String attribute, String value, List<String> provenance, Instant at) {

    public Fact {
        Constraints.nonBlank("id", id, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("subject", subject, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("attribute", attribute, 200);
        Constraints.nonBlank("value", value, 4_000);
        provenance = Constraints.list("provenance", provenance, 100);
        Constraints.present("at", at);
    }
}
