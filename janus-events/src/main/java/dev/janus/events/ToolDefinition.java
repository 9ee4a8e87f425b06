package dev.janus.events;

import java.util.Map;

/**
 * One tool of the registry, as offered to language models that call functions.
 *
 * @param name the name calls use, unique in the registry
 * @param description what it does, for the model and for people
 * @param parameters the JSON schema of its arguments
 * @param idempotent whether running it twice has the effect of running it once (only such tools are retried)
 * @param source {@code builtin}, or {@code mcp:<server>} for a tool of an MCP server
 */
public record ToolDefinition(String name, String description, Map<String, Object> parameters, boolean idempotent,
        String source) {

    public ToolDefinition {
        Constraints.nonBlank("name", name, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("description", description, 4_000);
        parameters = Constraints.map("parameters", parameters, 64);
        Constraints.nonBlank("source", source, EventLimits.MAX_ID_CHARS);
    }
}
