package dev.janus.tools.mcp;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults for Spring AI's MCP client in Janus, at the lowest precedence (any configuration overrides them):
 * <ul>
 * <li>{@code spring.ai.mcp.client.initialized=false}: Spring AI would otherwise connect every server while the
 * context starts, and one server that does not answer would stop Janus from starting; {@link McpToolSource}
 * connects them in the background instead;</li>
 * <li>{@code spring.ai.mcp.client.toolcallback.enabled=false}: Janus runs MCP tools through its own registry and
 * the bus, not through Spring AI tool callbacks.</li>
 * </ul>
 */
public final class McpClientDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "janus-tools-mcp-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                    "spring.ai.mcp.client.initialized", "false",
                    "spring.ai.mcp.client.toolcallback.enabled", "false")));
        }
    }
}
