package dev.janus.orchestrator;

import dev.janus.models.CommonPoolParallelism;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the orchestrator component alone, as its own service over Redis. */
// no component scan: the component's beans come from its configuration alone, as in the all-in-one app
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(OrchestratorConfiguration.class)
public class OrchestratorApplication {

    /** The name of this service's configuration file, {@code janus-orchestrator.yml}: unique, so all-in-one jars hold every one. */
    public static final String CONFIG_NAME = "janus-orchestrator";

    public static void main(String[] args) {
        CommonPoolParallelism.ensure();
        SpringApplication application = new SpringApplication(OrchestratorApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
