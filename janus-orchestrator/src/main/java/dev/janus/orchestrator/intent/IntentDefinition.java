package dev.janus.orchestrator.intent;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One intent the classifier can choose: its label, the tools it needs and example messages that
 * carry it. Validated by {@code OrchestratorProperties}, which knows the property path to name.
 *
 * @param name the label published in {@code orchestrator.intent.classified}, e.g. {@code calculation}
 * @param tools the tools this intent needs, e.g. {@code calculator}; empty when none
 * @param examples messages that carry this intent; the classifier compares a message with each of them
 */
public record IntentDefinition(String name, List<String> tools, List<String> examples) {

    public IntentDefinition(String name, @Nullable List<String> tools, @Nullable List<String> examples) {
        this.name = name;
        this.tools = tools == null ? List.of() : List.copyOf(tools);
        this.examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** An intent with the given tools and examples. */
    public static IntentDefinition of(String name, List<String> tools, String... examples) {
        return new IntentDefinition(name, tools, List.of(examples));
    }
}
