package dev.janus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.events.ToolCall;
import dev.janus.events.ToolResult;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.execution.ToolExecutor;
import dev.janus.tools.registry.CallOrigin;
import dev.janus.tools.registry.ProgressListener;
import dev.janus.tools.registry.ToolRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tool schemas as MCP servers send them, end to end: a real MCP server over streamable HTTP lists tools whose input
 * schemas use {@code $defs}/{@code $ref}, {@code oneOf} and {@code anyOf} (Pydantic's and zod's shapes), and one
 * whose schema refers to a document on a local HTTP server that records every request; Janus lists them through the
 * MCP Java SDK's client and runs calls through its {@link ToolExecutor}.
 */
class McpToolSchemasIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String BOOKING = """
            {"$defs": {"Passenger": {"properties": {"name": {"type": "string"},
                                                    "age": {"anyOf": [{"type": "integer", "minimum": 0},
                                                                      {"type": "null"}], "default": null}},
                                     "required": ["name"], "type": "object"}},
             "properties": {"passengers": {"items": {"$ref": "#/$defs/Passenger"}, "minItems": 1, "type": "array"},
                            "seat": {"oneOf": [{"type": "string", "const": "window"},
                                               {"type": "string", "const": "aisle"},
                                               {"type": "integer", "minimum": 1}]}},
             "required": ["passengers"], "type": "object"}""";

    private static final ConcurrentLinkedQueue<String> fetched = new ConcurrentLinkedQueue<>();
    private static com.sun.net.httpserver.HttpServer documents;
    private static McpTestServers.HttpServer server;
    private static McpSyncClient client;
    private static ToolExecutor executor;

    @BeforeAll
    static void start() throws Exception {
        documents = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        documents.createContext("/", exchange -> {
            fetched.add(exchange.getRequestURI().toString());
            byte[] body = "{\"type\": \"string\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        documents.start();
        String hostile = """
                {"type": "object", "properties": {"query": {"$ref": "http://127.0.0.1:%d/schemas/query.json"}},
                 "required": ["query"]}""".formatted(documents.getAddress().getPort());
        server = McpTestServers.startHttp(List.of(tool("book", BOOKING), tool("search", hostile)));
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.url()).endpoint("/mcp").build())
                .requestTimeout(WAIT).build();
        client.initialize();
        List<McpTool> tools = client.listTools().tools().stream().map(tool -> new McpTool(client, "remote", tool))
                .toList();
        executor = new ToolExecutor(new ToolRegistry(tools), ToolsProperties.defaults(),
                CircuitBreakerRegistry.ofDefaults(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() throws Exception {
        executor.close();
        client.close();
        server.close();
        documents.stop(0);
    }

    private static SyncToolSpecification tool(String name, String schema) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description("A tool with a " + name + " schema.")
                .inputSchema(McpJsonDefaults.getMapper(), schema).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> McpSchema.CallToolResult
                .builder().addTextContent(name + " ran with " + request.arguments()).build()).build();
    }

    private static ToolResult call(String tool, Map<String, Object> arguments) throws Exception {
        return executor.start(new ToolCall("call-1", tool, arguments), CallOrigin.DIRECT, ProgressListener.NONE,
                startedCall -> CompletableFuture.completedFuture(null)).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void runsACallThatFitsLocalReferencesAndOneBranchOfAOneOf() throws Exception {
        ToolResult result = call("book", Map.of("passengers", List.of(Map.of("name", "Ada", "age", 36)), "seat", 12));

        assertThat(result.succeeded()).isTrue();
        assertThat(String.valueOf(result.output())).startsWith("book ran with");
    }

    @Test
    void refusesACallNamingTheFieldBehindAReference() throws Exception {
        ToolResult result = call("book", Map.of("passengers", List.of(Map.of("age", 36)), "seat", "middle"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).startsWith("invalid arguments for book: ")
                .contains("arguments.passengers[0].name is required",
                        "arguments.seat: must be valid to one and only one schema, but 0 are valid");
    }

    @Test
    void neverRequestsTheUrlAHostileSchemaRefersTo() throws Exception {
        ToolResult result = call("search", Map.of("query", "weather"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("the tool's schema cannot be applied, so the call is refused",
                "/schemas/query.json");
        assertThat(fetched).isEmpty();
    }
}
