package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.janus.input.InputApplication;
import dev.janus.memory.MemoryApplication;
import dev.janus.orchestrator.OrchestratorApplication;
import dev.janus.output.OutputApplication;
import dev.janus.proactive.ProactiveApplication;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.tools.ToolsApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The conversation flow with all six components each started as a service of its own (its own Spring context and
 * configuration file), talking only through one Redis.
 */
class SeparateServicesFlowTests {

    private final List<ConfigurableApplicationContext> services = new ArrayList<>();

    @AfterEach
    void stopServices() {
        services.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(Class<?> application, String configName, RedisEndpoint redis) {
        // command-line arguments: each service's configuration file sets janus.bus.redis.url, and a file outranks
        // default properties (so the services would talk to the Redis on 127.0.0.1:6379, not the test's)
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties("spring.config.name=" + configName)
                .run("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.redis.url=" + redis.url());
        services.add(context);
        return context;
    }

    @Test
    void sixServicesThatShareOnlyRedisAnswerAMessageWithMemoryAndTools() throws Exception {
        // given
        RedisEndpoint redis = RedisExtension.sharedEndpoint();
        redis.flush();
        ConfigurableApplicationContext input = start(InputApplication.class, InputApplication.CONFIG_NAME, redis);
        start(OrchestratorApplication.class, OrchestratorApplication.CONFIG_NAME, redis);
        start(MemoryApplication.class, MemoryApplication.CONFIG_NAME, redis);
        start(ToolsApplication.class, ToolsApplication.CONFIG_NAME, redis);
        start(OutputApplication.class, OutputApplication.CONFIG_NAME, redis);
        start(ProactiveApplication.class, ProactiveApplication.CONFIG_NAME, redis);
        String port = input.getEnvironment().getProperty("local.server.port");

        // when
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/distributed/messages?wait=30"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"what is 17 * 23?\",\"user_id\":\"ada\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = JsonMapper.builder().build().readTree(response.body());
        assertThat(reply.get("text").stringValue()).contains("391");
        assertThat(reply.get("events").findValuesAsString("event_type")).contains("input.message.received",
                "orchestrator.context.requested", "memory.context.assembled", "orchestrator.tools.requested",
                "tools.execution.completed", "orchestrator.llm.requested", "llm.response.generated",
                "orchestrator.response.ready");
        assertThat(input.getEnvironment().getProperty("janus.bus.type")).isEqualTo("redis");
    }
}
