package dev.janus.tools.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * Real MCP servers for the tests, built on the MCP Java SDK: over stdio ({@link #main}, started by the MCP client
 * as a subprocess with the test classpath) with the tools {@code echo} and {@code add}; and over streamable HTTP
 * in an embedded Tomcat ({@link #startHttp}) with the tool {@code shout}.
 */
public final class McpTestServers {

    private McpTestServers() {
    }

    /**
     * The stdio server: JSON-RPC on stdout, so everything else (logging) goes to stderr. It exits when its standard
     * input closes, as real stdio MCP servers do (the SDK's transport only ends its session and keeps the JVM up).
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        CountDownLatch inputClosed = new CountDownLatch(1);
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                new EndOfInput(System.in, inputClosed::countDown), protocol))
                .serverInfo("janus-test-stdio", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(echo(), add())
                .build();
        inputClosed.await();
        server.close();
        System.exit(0);
    }

    /** Standard input that says when it ends. */
    private static final class EndOfInput extends FilterInputStream {

        private final Runnable onEnd;

        EndOfInput(InputStream in, Runnable onEnd) {
            super(in);
            this.onEnd = onEnd;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return ended(super.read(buffer, offset, length));
        }

        private int ended(int result) {
            if (result == -1) {
                onEnd.run();
            }
            return result;
        }
    }

    /** A streamable-HTTP MCP server on a free loopback port at {@code /mcp}. */
    public static HttpServer startHttp() throws LifecycleException, java.io.IOException {
        return startHttp(List.of(shout()));
    }

    /** A streamable-HTTP MCP server on a free loopback port at {@code /mcp} with these tools. */
    public static HttpServer startHttp(List<SyncToolSpecification> tools) throws LifecycleException, java.io.IOException {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint("/mcp").build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("janus-test-http", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools)
                .build();
        Path base = Files.createTempDirectory("janus-mcp-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();
        return new HttpServer(tomcat, server);
    }

    /** The running HTTP server. */
    public record HttpServer(Tomcat tomcat, McpSyncServer server) implements AutoCloseable {

        public String url() {
            return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
        }

        @Override
        public void close() throws LifecycleException {
            server.close();
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static SyncToolSpecification echo() {
        return tool("echo", "Repeats the text it is given.", Map.of("text", Map.of("type", "string")), true,
                arguments -> {
                    String text = String.valueOf(arguments.get("text"));
                    if (text.equals("fail")) {
                        return McpSchema.CallToolResult.builder().addTextContent("asked to fail").isError(true).build();
                    }
                    return McpSchema.CallToolResult.builder().addTextContent(text).build();
                });
    }

    private static SyncToolSpecification add() {
        return tool("add", "Adds two numbers.", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")),
                true, arguments -> McpSchema.CallToolResult.builder().addTextContent(String.valueOf(
                        ((Number) arguments.get("a")).doubleValue() + ((Number) arguments.get("b")).doubleValue()))
                        .build());
    }

    private static SyncToolSpecification shout() {
        return tool("shout", "Repeats the text in capitals.", Map.of("text", Map.of("type", "string")), false,
                arguments -> McpSchema.CallToolResult.builder()
                        .addTextContent(String.valueOf(arguments.get("text")).toUpperCase(Locale.ROOT)).build());
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
            boolean idempotent, java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(Map.of("type", "object", "properties", properties, "required",
                        List.copyOf(properties.keySet())))
                .annotations(new McpSchema.ToolAnnotations(null, null, null, idempotent, null, null))
                .build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> handler.apply(request.arguments())).build();
    }
}
