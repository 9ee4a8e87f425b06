package dev.janus.app.ops;

import java.util.HashMap;
import java.util.Map;

import dev.janus.input.InputApplication;
import dev.janus.memory.MemoryApplication;
import dev.janus.orchestrator.OrchestratorApplication;
import dev.janus.output.OutputApplication;
import dev.janus.proactive.ProactiveApplication;
import dev.janus.tools.ToolsApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A component started in this JVM as its container starts it: its own {@code main}'s application class and
 * configuration file, and as its process environment exactly the given variables — the test JVM's own
 * environment ({@code REDIS_URL} under CI, say) is out of sight. Only the HTTP port is the test's: {@code 0}, a
 * free one.
 */
final class DeployedService {

    private static final Map<String, Class<?>> APPLICATIONS = Map.of("janus-input", InputApplication.class,
            "janus-orchestrator", OrchestratorApplication.class, "janus-memory", MemoryApplication.class,
            "janus-tools", ToolsApplication.class, "janus-output", OutputApplication.class,
            "janus-proactive", ProactiveApplication.class);

    private DeployedService() {
    }

    /** Starts the module's service with {@code environment} as its environment variables; fails as it fails. */
    static ConfigurableApplicationContext start(String module, Map<String, String> environment) {
        Class<?> application = APPLICATIONS.get(module);
        if (application == null) {
            throw new IllegalArgumentException("no service " + module);
        }
        SpringApplication service = new SpringApplication(application);
        // what each service's main sets: its own configuration file, janus-<component>.yml
        service.setDefaultProperties(Map.of("spring.config.name", module));
        service.addListeners(new ProcessEnvironment(environment));
        return service.run("--server.port=0");
    }

    /**
     * Puts the given variables in place of the process environment before anything reads it (configuration
     * files, their placeholders, relaxed binding of {@code JANUS_*} variables).
     */
    private record ProcessEnvironment(Map<String, String> variables)
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
            event.getEnvironment().getPropertySources().replace(name,
                    new SystemEnvironmentPropertySource(name, new HashMap<String, Object>(variables)));
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
