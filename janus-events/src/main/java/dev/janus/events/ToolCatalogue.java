package dev.janus.events;

import java.util.List;

/**
 * Every tool the tools component can run now: announced when it starts, when the registry changes
 * (an MCP server comes or goes) and periodically, so a component that starts later learns it too.
 *
 * @param tools the registry, in name order
 */
public record ToolCatalogue(List<ToolDefinition> tools) implements EventContent {

    public ToolCatalogue {
        tools = Constraints.list("tools", tools, 500);
    }
}
