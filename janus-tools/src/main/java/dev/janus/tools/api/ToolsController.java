package dev.janus.tools.api;

import java.util.List;

import dev.janus.events.Abbreviation;
import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ToolRegistry;
import dev.janus.web.ApiError;
import dev.janus.web.openapi.ErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry over REST: {@code GET /api/v1/tools} lists every tool ({@code name}, {@code description},
 * {@code parameters} as JSON schema, {@code idempotent}, {@code source}); {@code GET /api/v1/tools/{name}}
 * shows one, or answers 404 {@code tool_not_found}.
 */
@RestController
@RequestMapping("/api/v1/tools")
@Tag(name = "Tools", description = "The tool registry: built-in tools and those of MCP servers")
public class ToolsController {

    private final ToolRegistry registry;

    public ToolsController(ToolRegistry registry) {
        this.registry = registry;
    }

    /** The registry. */
    public record ToolList(List<ToolDefinition> tools) {
    }

    @GetMapping
    @Operation(operationId = "listTools", summary = "List the tools")
    @ApiResponse(responseCode = "200", description = "every tool with its JSON Schema of arguments",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ToolList.class)))
    public ToolList list() {
        return new ToolList(registry.definitions());
    }

    @GetMapping("/{name}")
    @Operation(operationId = "showTool", summary = "Show one tool")
    @ApiResponse(responseCode = "200", description = "the tool", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ToolDefinition.class)))
    @ErrorResponse(status = 404, code = "tool_not_found", message = "no tool is named 'weather'; GET /api/v1/tools "
            + "lists the tools")
    public ResponseEntity<Object> one(@PathVariable String name) {
        return registry.find(name).<ResponseEntity<Object>>map(tool -> ResponseEntity.ok(tool.definition()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("tool_not_found",
                        "no tool is named '" + Abbreviation.abbreviate(name, 64)
                                + "'; GET /api/v1/tools lists the tools")));
    }
}
