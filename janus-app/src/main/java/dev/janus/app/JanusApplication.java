package dev.janus.app;

import java.util.Arrays;

import dev.janus.app.replay.ReplayCommand;
import dev.janus.input.InputConfiguration;
import dev.janus.memory.MemoryConfiguration;
import dev.janus.orchestrator.OrchestratorConfiguration;
import dev.janus.output.OutputConfiguration;
import dev.janus.proactive.ProactiveConfiguration;
import dev.janus.tools.ToolsConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * All six components in one JVM, on the in-memory bus unless {@code janus.bus.type=redis}. With {@code replay} as
 * its first argument it runs {@link ReplayCommand} instead.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ InputConfiguration.class, OrchestratorConfiguration.class, MemoryConfiguration.class,
        ToolsConfiguration.class, OutputConfiguration.class, ProactiveConfiguration.class })
public class JanusApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(new ReplayCommand(System.out).run(Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(JanusApplication.class, args);
    }
}
