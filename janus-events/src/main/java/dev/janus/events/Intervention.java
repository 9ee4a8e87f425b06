package dev.janus.events;

import java.util.List;

/**
 * A situation an operator or the user should look at.
 *
 * @param kind e.g. {@code error_spike}, {@code tool_failing}
 * @param reason a human-readable explanation
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param evidence ids of the events that led to it
 */
public record Intervention(String kind, String reason, String severity, List<String> evidence)
        implements EventContent {

    public Intervention {
        Constraints.nonBlank("kind", kind, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("reason", reason, 4_000);
        Constraints.nonBlank("severity", severity, 32);
        evidence = Constraints.list("evidence", evidence, EventLimits.MAX_ITEMS);
    }
}
