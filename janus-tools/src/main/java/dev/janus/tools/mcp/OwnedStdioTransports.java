package dev.janus.tools.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;

import org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport;
import org.springframework.ai.mcp.client.common.autoconfigure.properties.McpStdioClientProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts an {@link OwnedStdioTransport} in place of each SDK {@code StdioClientTransport} in the transport lists that
 * Spring AI builds from {@code spring.ai.mcp.client.stdio.*} (connections and {@code servers-configuration}), before
 * any MCP client is built on them, so that Janus owns every stdio MCP server process. The replaced transports have
 * started nothing: the SDK's transport starts its process on connect.
 */
public final class OwnedStdioTransports implements BeanPostProcessor {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    private final Supplier<McpStdioClientProperties> stdio;
    private final Supplier<Duration> stopGrace;

    /**
     * @param stdio Spring AI's stdio properties, asked for when the transports are built
     * @param stopGrace {@code janus.tools.mcp.stop-grace}, asked for when the transports are built
     */
    public OwnedStdioTransports(Supplier<McpStdioClientProperties> stdio, Supplier<Duration> stopGrace) {
        this.stdio = stdio;
        this.stopGrace = stopGrace;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(
                element -> element instanceof NamedClientMcpTransport named
                        && named.transport() instanceof StdioClientTransport)) {
            return bean;
        }
        Map<String, ServerParameters> servers = stdio.get().toServerParameters();
        Duration grace = stopGrace.get();
        return list.stream().map(NamedClientMcpTransport.class::cast).map(named -> {
            ServerParameters parameters = servers.get(named.name());
            if (parameters == null) {
                throw new IllegalStateException("no spring.ai.mcp.client.stdio parameters for the MCP connection '"
                        + named.name() + "'");
            }
            return new NamedClientMcpTransport(named.name(),
                    new OwnedStdioTransport(named.name(), parameters, JSON, grace));
        }).toList();
    }
}
