package dev.janus.events;

import java.util.List;

/**
 * What memory found relevant to a message.
 *
 * @param recentTurns the latest turns of the stream, oldest first
 * @param facts the user's long-term facts that apply
 * @param recalled semantically similar past items, best first
 */
public record AssembledContext(List<Turn> recentTurns, List<Fact> facts, List<RecalledItem> recalled)
        implements EventContent {

    public AssembledContext {
        recentTurns = Constraints.list("recent_turns", recentTurns, EventLimits.MAX_ITEMS);
        facts = Constraints.list("facts", facts, EventLimits.MAX_ITEMS);
        recalled = Constraints.list("recalled", recalled, EventLimits.MAX_ITEMS);
    }

    /** A context with nothing in it, for when memory is not deployed or did not answer in time. */
    public static AssembledContext empty() {
        return new AssembledContext(List.of(), List.of(), List.of());
    }
}
