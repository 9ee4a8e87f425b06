package dev.janus.tools;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.redis.SharedRedis;
import dev.janus.tools.api.ToolsController;
import dev.janus.tools.calculator.CalculatorTool;
import dev.janus.tools.erasure.UserErasureHandler;
import dev.janus.tools.execution.CallOutcomes;
import dev.janus.tools.execution.InMemoryCallOutcomes;
import dev.janus.tools.execution.RedisCallOutcomes;
import dev.janus.tools.execution.RunningCalls;
import dev.janus.tools.execution.ToolCallHandler;
import dev.janus.tools.execution.ToolExecutor;
import dev.janus.tools.http.HttpGetTool;
import dev.janus.tools.mcp.McpToolSource;
import dev.janus.tools.mcp.OwnedStdioTransports;
import dev.janus.tools.registry.CatalogueAnnouncer;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolRegistry;
import dev.janus.tools.time.DateTimeTool;
import dev.janus.tools.timers.InMemoryReminderStore;
import dev.janus.tools.timers.RedisReminderStore;
import dev.janus.tools.timers.ReminderScheduler;
import dev.janus.tools.timers.ReminderStore;
import dev.janus.tools.timers.ReminderTool;
import dev.janus.tools.timers.TimerTool;
import dev.janus.tools.units.UnitsTool;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;

import org.springframework.ai.mcp.client.common.autoconfigure.properties.McpStdioClientProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The tools component's beans. Imported by its own {@link ToolsApplication} and by the all-in-one app;
 * no other component imports it. Works on either bus: call outcomes and reminders live in memory with
 * {@code janus.bus.type=memory} (the default) and in Redis with {@code janus.bus.type=redis}, where reminders
 * survive restarts. MCP servers come from Spring AI's {@code spring.ai.mcp.client.*} connections.
 * {@code janus.tools.enabled=false} keeps the registry but runs no calls and fires no reminders: a replay's shadow
 * answers calls from its recording instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolsProperties.class)
@Import(ToolsController.class)
public class ToolsConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-tools";

    /**
     * What tools publish, the subscriptions of {@link ToolCallHandler} (which runs unless {@code janus.tools.enabled}
     * is {@code false}) and of {@link UserErasureHandler} (which always runs).
     */
    @Bean
    ComponentEvents toolsEvents(Environment environment) {
        String condition = "unless janus.tools.enabled=false";
        boolean enabled = !"false".equalsIgnoreCase(environment.getProperty("janus.tools.enabled", "true"));
        return ComponentEvents.of(COMPONENT)
                .publishes(EventType.TOOLS_EXECUTION_STARTED, EventType.TOOLS_EXECUTION_COMPLETED,
                        EventType.TOOLS_EXECUTION_FAILED, EventType.TOOLS_EXECUTION_PROGRESS,
                        EventType.TOOLS_REGISTRY_UPDATED, EventType.TOOLS_REMINDER_DUE)
                .consumesWhile(EventType.ORCHESTRATOR_TOOLS_REQUESTED, condition, enabled)
                .consumesBroadcastWhile(EventType.INPUT_STREAM_INTERRUPTED, condition, enabled)
                .consumesBroadcastWhile(EventType.INPUT_STREAM_ENDED, condition, enabled)
                .consumes(EventType.MEMORY_USER_ERASED)
                .build();
    }

    @Bean
    ToolRegistry toolRegistry(ToolsProperties properties, ReminderStore reminderStore) {
        Clock clock = Clock.systemUTC();
        List<Tool> builtins = new ArrayList<>(List.of(new CalculatorTool(properties.calculator()),
                new DateTimeTool(clock, properties.reminders().zone()), new UnitsTool(),
                new TimerTool(clock, properties.timers().maxDuration(), properties.timers().progressInterval()),
                new ReminderTool(reminderStore, clock, properties.reminders().maxDelay(), properties.reminders().zone(),
                        properties.reminders().maxPerUser())));
        if (properties.http().enabled()) {
            builtins.add(new HttpGetTool(properties.http()));
        }
        return new ToolRegistry(builtins);
    }

    @Bean(destroyMethod = "close")
    ToolExecutor toolExecutor(ToolRegistry registry, ToolsProperties properties,
            ObjectProvider<MeterRegistry> meters, CircuitBreakerRegistry breakers) {
        MeterRegistry meterRegistry = meters.getIfAvailable(SimpleMeterRegistry::new);
        // the service's one registry, bound to Micrometer: the tools' breakers are charted beside the others
        return new ToolExecutor(registry, properties, breakers, meterRegistry);
    }

    @Bean
    RunningCalls runningCalls() {
        return new RunningCalls();
    }

    @Bean
    @ConditionalOnMemoryBus
    CallOutcomes inMemoryCallOutcomes() {
        return new InMemoryCallOutcomes(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnRedisBus
    CallOutcomes redisCallOutcomes(SharedRedis redis) {
        return new RedisCallOutcomes(redis, new EventCodec());
    }

    @Bean
    @ConditionalOnMemoryBus
    ReminderStore inMemoryReminderStore() {
        return new InMemoryReminderStore();
    }

    @Bean
    @ConditionalOnRedisBus
    ReminderStore redisReminderStore(SharedRedis redis) {
        return new RedisReminderStore(redis);
    }

    /** Runs whether or not tools run here: an erased user's reminders must not fire wherever they wait. */
    @Bean
    UserErasureHandler userErasureHandler(EventBus bus, ReminderStore reminders, CallOutcomes outcomes) {
        return new UserErasureHandler(bus, reminders, outcomes);
    }

    @Bean
    @ConditionalOnProperty(name = "janus.tools.enabled", matchIfMissing = true)
    ToolCallHandler toolCallHandler(EventBus bus, ToolExecutor executor, CallOutcomes outcomes, RunningCalls running,
            ToolsProperties properties) {
        return new ToolCallHandler(bus, executor, outcomes, running, properties.outcomeRetention(), COMPONENT);
    }

    @Bean
    @ConditionalOnProperty(name = "janus.tools.enabled", matchIfMissing = true)
    ReminderScheduler reminderScheduler(ReminderStore store, EventBus bus, ToolsProperties properties) {
        return new ReminderScheduler(store, bus, Clock.systemUTC(), properties.reminders().pollInterval(), COMPONENT);
    }

    @Bean
    CatalogueAnnouncer catalogueAnnouncer(ToolRegistry registry, EventBus bus, ToolsProperties properties) {
        return new CatalogueAnnouncer(registry, bus, properties.catalogueInterval(), COMPONENT);
    }

    @Bean
    McpToolSource mcpToolSource(ObjectProvider<List<McpSyncClient>> clients, ToolRegistry registry,
            ToolsProperties properties, ObjectProvider<McpStdioClientProperties> stdio) {
        McpStdioClientProperties stdioProperties = stdio.getIfAvailable();
        Set<String> stdioConnections = stdioProperties == null ? Set.of()
                : stdioProperties.toServerParameters().keySet();
        return new McpToolSource(clients.getIfAvailable(List::of), stdioConnections, registry,
                properties.mcp().refreshInterval());
    }

    /** Janus owns the stdio MCP server processes: started, stopped and restarted by its own transport. */
    @Bean
    static OwnedStdioTransports ownedStdioTransports(ObjectProvider<McpStdioClientProperties> stdio,
            ObjectProvider<ToolsProperties> properties) {
        return new OwnedStdioTransports(stdio::getObject, () -> properties.getObject().mcp().stopGrace());
    }
}
