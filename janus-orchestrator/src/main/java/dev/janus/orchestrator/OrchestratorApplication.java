package dev.janus.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the orchestrator component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(OrchestratorConfiguration.class)
public class OrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrchestratorApplication.class, args);
    }
}
