package dev.janus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.janus.processes.ProcessFacts;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

/**
 * The transport between the SDK's client and the real stdio test server ({@link McpTestServers}, behind {@code sh}
 * so that the server is a descendant, as under {@code npx}): hostile output is bounded, the server is started afresh
 * on reconnect, and close leaves no process behind.
 */
class OwnedStdioTransportTests {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A client of the test server, which {@code sh} starts after running {@code before}. */
    private static McpSyncClient client(String before) {
        ServerParameters server = ServerParameters.builder("sh")
                .args("-c", before + "; \"$0\" -cp \"$1\" \"$2\"", JAVA, System.getProperty("java.class.path"),
                        McpTestServers.class.getName())
                .build();
        return McpClient.sync(new OwnedStdioTransport("test", server, McpJsonDefaults.getMapper(),
                Duration.ofSeconds(5))).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static String echo(McpSyncClient client, String text) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo", java.util.Map.of(
                "text", text)));
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static List<ProcessHandle> testServers() {
        return ProcessHandle.current().descendants().filter(ProcessFacts::running)
                .filter(process -> ProcessFacts.commandLine(process).contains(McpTestServers.class.getName()))
                .toList();
    }

    @Test
    void ignoresLinesThatAreNotJsonRpcAndDropsOverlongOnes() {
        // given: before the server speaks, a line of noise and a line of 17 MB on its output
        McpSyncClient client = client("echo 'Server starting...'; head -c 17000000 /dev/zero | tr '\\0' x; echo");
        try {
            // when
            client.initialize();

            // then
            assertThat(echo(client, "still here")).isEqualTo("still here");
        }
        finally {
            client.close();
        }
    }

    @Test
    void startsTheServerAfreshAfterAClose() {
        // given
        McpSyncClient client = client("true");
        try {
            client.initialize();
            List<ProcessHandle> first = testServers();

            // when
            client.closeGracefully();
            client.initialize();

            // then
            assertThat(first).hasSize(2).noneMatch(ProcessFacts::running);
            assertThat(testServers()).hasSize(2).doesNotContainAnyElementsOf(first);
            assertThat(echo(client, "again")).isEqualTo("again");
        }
        finally {
            client.close();
        }
        assertThat(testServers()).isEmpty();
    }
}
