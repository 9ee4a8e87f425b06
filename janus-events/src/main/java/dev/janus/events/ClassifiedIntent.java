package dev.janus.events;

import java.util.List;

/**
 * What the user wants, as the orchestrator understood it.
 *
 * @param intent the label, e.g. {@code question}, {@code calculation}, {@code greeting}
 * @param confidence 0..1
 * @param tools names of the tools this intent needs; empty when none
 */
public record ClassifiedIntent(String intent, double confidence, List<String> tools) implements EventContent {

    public ClassifiedIntent {
        Constraints.nonBlank("intent", intent, EventLimits.MAX_ID_CHARS);
        Constraints.range("confidence", confidence, 0.0, 1.0);
        tools = Constraints.list("tools", tools, 32);
    }
}
