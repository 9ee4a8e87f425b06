package dev.janus.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.janus.input.InputConfiguration;
import dev.janus.memory.MemoryConfiguration;
import dev.janus.models.CommonPoolParallelism;
import dev.janus.orchestrator.OrchestratorConfiguration;
import dev.janus.output.OutputConfiguration;
import dev.janus.proactive.ProactiveConfiguration;
import dev.janus.tools.ToolsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * All six components in one JVM, on the in-memory bus unless {@code janus.bus.type=redis}. With a command as its
 * first argument ({@code chat}, {@code replay}) it runs that command of {@link JanusCommandLine} instead.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ InputConfiguration.class, OrchestratorConfiguration.class, MemoryConfiguration.class,
        ToolsConfiguration.class, OutputConfiguration.class, ProactiveConfiguration.class })
public class JanusApplication {

    public static void main(String[] args) {
        CommonPoolParallelism.ensure();
        if (JanusCommandLine.isCommand(args)) {
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            System.exit(JanusCommandLine.run(System.in, out, err, args));
        }
        SpringApplication.run(JanusApplication.class, args);
    }
}
