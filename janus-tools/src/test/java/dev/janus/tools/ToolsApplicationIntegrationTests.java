package dev.janus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventBus;
import dev.janus.processes.ProcessFacts;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolDefinition;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.testkit.EventTestHarness;
import dev.janus.tools.mcp.McpTestServers;
import dev.janus.tools.registry.ToolRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tools service as it runs: its Spring context on the in-memory bus, with three MCP servers configured the
 * Spring AI way — a real stdio server (a subprocess on the test classpath), a real streamable-HTTP server
 * (embedded Tomcat), and one whose command does not exist, which must not take the service down. The context is
 * closed after each nested class rather than cached, as it runs a stdio MCP server (a child process).
 */
@DirtiesContext
@SpringBootTest(classes = ToolsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1", "janus.tools.mcp.refresh-interval=500ms",
                "janus.tools.catalogue-interval=1s" })
class ToolsApplicationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static McpTestServers.HttpServer httpServer;

    @DynamicPropertySource
    static void mcpServers(DynamicPropertyRegistry registry) throws Exception {
        httpServer = McpTestServers.startHttp();
        String java = ProcessHandle.current().info().command().orElse("java");
        registry.add("spring.ai.mcp.client.stdio.connections.local.command", () -> java);
        registry.add("spring.ai.mcp.client.stdio.connections.local.args[0]", () -> "-cp");
        registry.add("spring.ai.mcp.client.stdio.connections.local.args[1]", () -> System.getProperty("java.class.path"));
        registry.add("spring.ai.mcp.client.stdio.connections.local.args[2]", () -> McpTestServers.class.getName());
        registry.add("spring.ai.mcp.client.stdio.connections.broken.command", () -> "/nonexistent/janus-mcp-server");
        registry.add("spring.ai.mcp.client.streamable-http.connections.remote.url", httpServer::url);
        registry.add("spring.ai.mcp.client.streamable-http.connections.remote.endpoint", () -> "/mcp");
        registry.add("spring.ai.mcp.client.request-timeout", () -> "10s");
    }

    @AfterAll
    static void stopHttpServer() throws Exception {
        httpServer.close();
    }

    @Autowired
    EventBus bus;

    @Autowired
    ToolRegistry registry;

    @LocalServerPort
    int port;

    EventTestHarness harness;

    @BeforeEach
    void harness() {
        harness = new EventTestHarness(bus);
        await().atMost(WAIT.toSeconds(), TimeUnit.SECONDS)
                .until(() -> registry.names().containsAll(List.of("echo", "add", "shout")));
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        return JsonMapper.builder().build().createObjectNode().put("status", response.statusCode()).set("body", body);
    }

    private ToolResult call(String tool, Map<String, Object> arguments) throws Exception {
        JanusEvent request = JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, "mcp-conversation",
                new ToolRequest(List.of(new ToolCall("call-1", tool, arguments))), EventContext.from("janus-test"));
        harness.publish(request);
        return harness.awaitEvent(EventType.TOOLS_EXECUTION_COMPLETED, e -> e.correlationId().equals(request.correlationId()), WAIT)
                .content(EventKeys.TOOLS_EXECUTION_COMPLETED);
    }

    private ToolResult failedCall(String tool, Map<String, Object> arguments) throws Exception {
        JanusEvent request = JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, "mcp-conversation",
                new ToolRequest(List.of(new ToolCall("call-1", tool, arguments))), EventContext.from("janus-test"));
        harness.publish(request);
        return harness.awaitEvent(EventType.TOOLS_EXECUTION_FAILED, e -> e.correlationId().equals(request.correlationId()), WAIT)
                .content(EventKeys.TOOLS_EXECUTION_FAILED);
    }

    @Nested
    class Registry {

        @Test
        void listsTheBuiltInAndTheMcpToolsOverRest() throws Exception {
            JsonNode response = get("/api/v1/tools");
            assertThat(response.get("status").asInt()).isEqualTo(200);
            JsonNode tools = response.get("body").get("tools");
            assertThat(tools.findValuesAsString("name")).contains("calculator", "datetime", "units", "timer", "reminder",
                    "echo", "add", "shout").doesNotContain("http_get");
            JsonNode echo = tools.valueStream().filter(tool -> tool.get("name").stringValue().equals("echo"))
                    .findFirst().orElseThrow();
            assertThat(echo.get("source").stringValue()).isEqualTo("mcp:local");
            assertThat(echo.get("idempotent").booleanValue()).isTrue();
            assertThat(echo.get("description").stringValue()).isEqualTo("Repeats the text it is given.");
            assertThat(echo.get("parameters").get("properties").has("text")).isTrue();
        }

        @Test
        void showsOneToolAndAnswers404ForAnUnknownOne() throws Exception {
            JsonNode calculator = get("/api/v1/tools/calculator");
            assertThat(calculator.get("status").asInt()).isEqualTo(200);
            assertThat(calculator.get("body").get("parameters").get("required").get(0).stringValue())
                    .isEqualTo("expression");
            JsonNode unknown = get("/api/v1/tools/teleport");
            assertThat(unknown.get("status").asInt()).isEqualTo(404);
            assertThat(unknown.get("body").get("error").get("code").stringValue()).isEqualTo("tool_not_found");
            assertThat(unknown.get("body").get("error").get("message").stringValue())
                    .isEqualTo("no tool is named 'teleport'; GET /api/v1/tools lists the tools");
        }

        @Test
        void leavesOutAServerThatCannotStartAndKeepsRunning() {
            assertThat(registry.definitions()).extracting(ToolDefinition::source)
                    .contains("builtin", "mcp:local", "mcp:remote").doesNotContain("mcp:broken");
        }

        @Test
        void announcesTheRegistryOnTheBus() throws Exception {
            // the servers connect one after another: wait for an announcement made once both had
            JanusEvent announced = harness.awaitEvent(EventType.TOOLS_REGISTRY_UPDATED,
                    event -> event.content(EventKeys.TOOLS_REGISTRY_UPDATED).tools().stream().map(ToolDefinition::name)
                            .toList().containsAll(List.of("shout", "echo")), WAIT);
            assertThat(announced.content(EventKeys.TOOLS_REGISTRY_UPDATED).tools()).extracting(ToolDefinition::name)
                    .contains("calculator", "echo", "shout");
        }
    }

    @Nested
    class McpCalls {

        @Test
        void callsAToolOfTheStdioServer() throws Exception {
            assertThat(call("echo", Map.of("text", "hello over stdio")).output()).isEqualTo("hello over stdio");
            assertThat(call("add", Map.of("a", 2, "b", 40)).output()).isEqualTo("42.0");
        }

        @Test
        void callsAToolOfTheHttpServer() throws Exception {
            assertThat(call("shout", Map.of("text", "hello over http")).output()).isEqualTo("HELLO OVER HTTP");
        }

        @Test
        void failsWithTheServersErrorText() throws Exception {
            assertThat(failedCall("echo", Map.of("text", "fail")).error())
                    .isEqualTo("the MCP server local reported an error from echo: asked to fail");
        }

        @Test
        void checksArgumentsAgainstTheServersSchema() throws Exception {
            assertThat(failedCall("add", Map.of("a", 2)).error())
                    .isEqualTo("invalid arguments for add: arguments.b is required");
        }

        @Test
        void startsTheStdioServerAfreshWhenItDies() throws Exception {
            // given
            ProcessHandle server = stdioServer().orElseThrow();

            // when
            server.destroyForcibly();

            // then: the next refresh finds it gone, closes its client and starts a new server, whose tools answer
            await().atMost(WAIT).until(() -> stdioServer().filter(next -> next.pid() != server.pid()).isPresent()
                    && registry.names().contains("echo"));
            assertThat(call("echo", Map.of("text", "after a restart")).output()).isEqualTo("after a restart");
            assertThat(ProcessHandle.current().children()
                    .filter(child -> isStdioServer(child) && ProcessFacts.running(child))).hasSize(1);
        }
    }

    /** The running stdio MCP server of the connection 'local': a child of this JVM. */
    private static Optional<ProcessHandle> stdioServer() {
        return ProcessHandle.current().children().filter(child -> isStdioServer(child) && ProcessFacts.running(child)).findFirst();
    }

    private static boolean isStdioServer(ProcessHandle process) {
        return ProcessFacts.commandLine(process).contains(McpTestServers.class.getName());
    }
}
