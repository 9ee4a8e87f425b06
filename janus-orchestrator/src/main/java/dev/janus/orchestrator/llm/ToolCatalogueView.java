package dev.janus.orchestrator.llm;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCatalogue;
import dev.janus.events.ToolDefinition;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;

/**
 * The latest tool catalogue the tools component announced ({@code tools.registry.updated}, which every LLM instance
 * receives), as the Spring AI tool callbacks offered to a model. The callbacks only describe the tools: Spring AI
 * 2.0 chat models never run tools themselves, and Janus runs them over the bus ({@link ToolRounds}), so calling one
 * in-process is an error. Thread-safe.
 */
public final class ToolCatalogueView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicReference<List<ToolCallback>> callbacks = new AtomicReference<>(List.of());

    /** Takes the catalogue of a {@code tools.registry.updated} event. */
    public void onCatalogue(JanusEvent event, ToolCatalogue catalogue) {
        update(catalogue);
    }

    /** Replaces the catalogue. */
    public void update(ToolCatalogue catalogue) {
        callbacks.set(catalogue.tools().stream().map(ToolCatalogueView::callback).toList());
    }

    /** The tools to offer, empty until a catalogue arrived. */
    public List<ToolCallback> callbacks() {
        return Objects.requireNonNull(callbacks.get(), "set to lists only");
    }

    private static ToolCallback callback(ToolDefinition tool) {
        org.springframework.ai.tool.definition.ToolDefinition definition = DefaultToolDefinition.builder()
                .name(tool.name())
                .description(tool.description())
                .inputSchema(JSON.writeValueAsString(tool.parameters().isEmpty()
                        ? java.util.Map.of("type", "object", "properties", java.util.Map.of())
                        : tool.parameters()))
                .build();
        return new ToolCallback() {

            @Override
            public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
                return definition;
            }

            @Override
            public String call(String toolInput) {
                throw new UnsupportedOperationException("Janus runs the tool " + tool.name()
                        + " over the bus (orchestrator.tools.requested), never inside the model client");
            }
        };
    }
}
