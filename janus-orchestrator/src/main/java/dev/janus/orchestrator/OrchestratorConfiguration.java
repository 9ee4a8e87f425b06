package dev.janus.orchestrator;

import org.springframework.context.annotation.Configuration;

/**
 * The orchestrator component's beans. Imported by its own {@link OrchestratorApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class OrchestratorConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-orchestrator";
}
