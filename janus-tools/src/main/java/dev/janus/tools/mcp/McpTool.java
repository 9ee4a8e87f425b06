package dev.janus.tools.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tool of an MCP server, called through its Spring AI MCP client. Its definition is the server's: name,
 * description, input schema; it is idempotent when the server says so ({@code idempotentHint} or
 * {@code readOnlyHint}). The output is the text of the result's content; a result flagged as an error fails
 * the call with that text.
 */
final class McpTool implements Tool {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final McpSyncClient client;
    private final String server;
    private final McpSchema.Tool tool;
    private final ToolDefinition definition;

    McpTool(McpSyncClient client, String server, McpSchema.Tool tool) {
        this.client = client;
        this.server = server;
        this.tool = tool;
        McpSchema.ToolAnnotations annotations = tool.annotations();
        boolean idempotent = annotations != null && (Boolean.TRUE.equals(annotations.idempotentHint())
                || Boolean.TRUE.equals(annotations.readOnlyHint()));
        String description = tool.description() == null || tool.description().isBlank()
                ? "Tool " + tool.name() + " of the MCP server " + server : tool.description();
        Map<String, Object> schema = tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema();
        this.definition = new ToolDefinition(tool.name(), description.length() > 4_000 ? description.substring(0, 4_000)
                : description, schema, idempotent, McpToolSource.SOURCE_PREFIX + server);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure {
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(new McpSchema.CallToolRequest(tool.name(), invocation.arguments()));
        }
        catch (RuntimeException e) {
            throw ToolFailure.unavailable("the MCP server " + server + " could not run " + tool.name() + ": "
                    + e.getMessage(), e);
        }
        String text = text(result);
        if (Boolean.TRUE.equals(result.isError())) {
            throw ToolFailure.badInput("the MCP server " + server + " reported an error from " + tool.name() + ": "
                    + (text.isBlank() ? "no details" : text));
        }
        return text.isBlank() ? "(" + tool.name() + " returned no text)" : text;
    }

    private static String text(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content content : result.content()) {
                if (content instanceof McpSchema.TextContent text) {
                    parts.add(text.text());
                }
                else {
                    parts.add("[" + content.type() + " content]");
                }
            }
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            parts.add(JSON.writeValueAsString(result.structuredContent()));
        }
        return String.join("\n", parts);
    }
}
