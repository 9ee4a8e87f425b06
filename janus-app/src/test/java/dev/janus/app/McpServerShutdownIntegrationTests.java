package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.janus.processes.ProcessFacts;
import dev.janus.tools.mcp.McpTestServers;
import dev.janus.tools.registry.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The all-in-one app with a stdio MCP server that, like {@code npx}, runs the real server as a child of its own
 * ({@code sh} starting the test server's JVM), and that has started a helper process which does not care about the
 * server's input (a {@code sleep}): stopping the app, by closing its context or with SIGTERM, stops all three.
 */
class McpServerShutdownIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SCRIPT = "sleep 600 & \"$0\" -cp \"$1\" \"$2\"; wait";

    @TempDir
    Path directory;

    /** The app's arguments: the memory bus, a free port, and the stdio MCP connection 'local'. */
    private static List<String> arguments() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String connection = "--spring.ai.mcp.client.stdio.connections.local.";
        // the server's JVM runs in the foreground (it reads the input), after a helper in the background; sh then
        // waits for the helper, which runs on when the server's input is closed
        return List.of("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.type=memory",
                "--janus.tools.mcp.stop-grace=500ms", connection + "command=sh", connection + "args[0]=-c",
                connection + "args[1]=" + SCRIPT, connection + "args[2]=" + java,
                connection + "args[3]=" + System.getProperty("java.class.path"),
                connection + "args[4]=" + McpTestServers.class.getName());
    }

    /** The MCP server among {@code processes} (the sh) with its descendants (the server's JVM and the sleep). */
    private static List<ProcessHandle> mcpServer(Stream<ProcessHandle> processes) {
        ProcessHandle sh = processes.filter(process -> ProcessFacts.commandLine(process).contains(SCRIPT))
                .findFirst().orElseThrow(() -> new AssertionError("no MCP server process"));
        await().atMost(WAIT).until(() -> sh.descendants().count() == 2);
        List<ProcessHandle> server = new ArrayList<>(List.of(sh));
        server.addAll(sh.descendants().toList());
        return server;
    }

    @Test
    void closingTheContextStopsTheServerAndTheProcessItStarted() {
        // given
        ConfigurableApplicationContext app = new SpringApplicationBuilder(JanusApplication.class)
                .run(arguments().toArray(String[]::new));
        List<ProcessHandle> server;
        try {
            await().atMost(WAIT).until(() -> app.getBean(ToolRegistry.class).names().contains("echo"));
            server = mcpServer(ProcessHandle.current().descendants());
        }
        finally {
            // when
            app.close();
        }

        // then: gone as soon as close returns
        assertThat(server).hasSize(3);
        assertThat(server).noneMatch(ProcessFacts::running);
    }

    @Test
    void sigtermToTheAppStopsTheServerAndTheProcessItStarted() throws Exception {
        // given: the app in a JVM of its own, as a process manager runs it, connected to its server
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), JanusApplication.class.getName()));
        command.addAll(arguments());
        Path log = directory.resolve("janus.log");
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> server;
        try {
            await().atMost(WAIT).until(() -> Files.readString(log).contains("Connected to MCP server 'local'"));
            server = mcpServer(app.descendants());

            // when
            app.destroy();
            assertThat(app.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the app exits on SIGTERM").isTrue();
        }
        finally {
            app.destroyForcibly();
        }

        // then
        assertThat(server).hasSize(3);
        assertThat(server).noneMatch(ProcessFacts::running);
        assertThat(Files.readString(log)).contains("Stopped MCP server 'local'");
    }
}
