package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.input.InputApplication;
import dev.janus.memory.MemoryApplication;
import dev.janus.orchestrator.OrchestratorApplication;
import dev.janus.output.OutputApplication;
import dev.janus.proactive.ProactiveApplication;
import dev.janus.testkit.RedisCluster;
import dev.janus.testkit.RedisProcess;
import dev.janus.tools.ToolsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The all-in-one app with its bus and all its components' state on a real Redis Cluster of three masters and three
 * replicas that the test creates, with {@code janus.bus.redis.wait-replicas=1}: a reply with a tool, a fact told in
 * one conversation and recalled in another, a reminder that fires, a suggestion; then a master is killed (SIGKILL)
 * while messages are in flight, and nothing that was acknowledged before is lost and the flow goes on after its
 * replica took over; last, the six components as services of their own boot to ready on the cluster and answer
 * together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterFlowIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String INPUT_STREAM = "janus:" + EventType.INPUT_MESSAGE_RECEIVED.wireName();

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private RedisCluster cluster;
    private ConfigurableApplicationContext janus;

    @BeforeAll
    void startJanusOnACluster() {
        cluster = RedisCluster.start();
        janus = new SpringApplicationBuilder(JanusApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1", "--janus.bus.type=redis", "--janus.bus.redis.cluster=true",
                "--janus.bus.redis.url=" + cluster.seedUrls(), "--janus.bus.redis.wait-replicas=1",
                "--janus.orchestrator.branches.memory=true", "--janus.orchestrator.branches.tools=true",
                // handlers retry through a failover (about 2 s here) instead of dead-lettering
                "--janus.bus.retry.max-attempts=10", "--janus.bus.retry.max-backoff=2s",
                "--janus.bus.redis.claim-idle=5s", "--janus.bus.redis.claim-interval=1s",
                "--janus.tools.reminders.poll-interval=200ms");
    }

    @AfterAll
    void stop() {
        if (janus != null) {
            janus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void runsOnTheClusterWithTheComponentsStateThere() {
        assertThat(janus.getBean(EventBus.class)).isInstanceOf(RedisEventBus.class);
        assertThat(janus.getBean(SharedRedis.class).isCluster()).isTrue();
        assertThat(cluster.masters()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void answersWithATool() throws Exception {
        // when
        JsonNode reply = ask("cluster-tools", "ada", "what is 17 * 23?");

        // then
        assertThat(reply.get("text").stringValue()).contains("391");
        assertThat(reply.get("tool_results").toString()).contains("17 * 23 = 391");
    }

    @Test
    @Order(3)
    void recallsInOneConversationAFactToldInAnother() throws Exception {
        // given
        ask("cluster-fact-told", "ada", "My name is Ada.");
        awaitEvent("cluster-fact-told", EventType.MEMORY_FACT_LEARNED);

        // when
        JsonNode reply = ask("cluster-fact-recalled", "ada", "What is my name?");

        // then
        assertThat(reply.get("text").stringValue()).contains("Ada");
    }

    @Test
    @Order(4)
    void firesAReminder() throws Exception {
        // when
        ask("cluster-reminder", "ada", "remind me to stretch in 2 seconds");

        // then
        JanusEvent due = awaitEvent("cluster-reminder", EventType.TOOLS_REMINDER_DUE);
        assertThat(json.writeValueAsString(due.content())).contains("stretch");
    }

    @Test
    @Order(5)
    void suggestsAfterAQuestionAskedThreeTimes() throws Exception {
        // when
        for (int i = 0; i < 3; i++) {
            ask("cluster-suggestion", "bea", "Where did I park the car?");
        }

        // then
        JanusEvent suggestion = awaitEvent("cluster-suggestion", EventType.PROACTIVE_SUGGESTION_READY);
        assertThat(json.writeValueAsString(suggestion.content())).contains("repeated_question");
    }

    @Test
    @Order(Integer.MAX_VALUE - 1) // the cluster's masters change
    void losesNothingAcknowledgedWhenAMasterDiesMidFlowAndGoesOn() throws Exception {
        // given: a user whose facts live on the master of the input stream, and a fact of hers that was stored
        String user = userOnTheMasterOf(INPUT_STREAM);
        ask("cluster-failover-told", user, "My name is Grace.");
        awaitEvent("cluster-failover-told", EventType.MEMORY_FACT_LEARNED);
        // and messages acknowledged (202) whose flows are still running
        List<String> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String stream = "cluster-failover-" + i;
            HttpResponse<String> accepted = post(stream, user, "what is " + (i + 2) + " * 11?", null);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            inFlight.add(stream);
        }

        // when: that master is killed and its replica takes over; the killed node comes back as the new replica
        RedisProcess killed = cluster.killMasterOf(INPUT_STREAM);
        cluster.rejoin(killed);

        // then: every acknowledged message is still there and is answered
        for (int i = 0; i < inFlight.size(); i++) {
            String stream = inFlight.get(i);
            JanusEvent ready = awaitEvent(stream, EventType.ORCHESTRATOR_RESPONSE_READY);
            assertThat(json.writeValueAsString(ready.content())).contains(Integer.toString((i + 2) * 11));
        }
        // and the fact stored before the failover is recalled after it, in another conversation
        JsonNode recalled = ask("cluster-failover-recalled", user, "What is my name?");
        assertThat(recalled.get("text").stringValue()).contains("Grace");
        // and new conversations go on
        assertThat(ask("cluster-after-failover", user, "what is 6 * 7?").get("text").stringValue()).contains("42");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theSixServicesBootToReadyOnTheClusterAndAnswer() throws Exception {
        // given: the all-in-one app stopped, and each component started as a service of its own on the cluster
        janus.close();
        List<ConfigurableApplicationContext> services = new ArrayList<>();
        try {
            for (Map.Entry<Class<?>, String> service : List.<Map.Entry<Class<?>, String>>of(
                    Map.entry(InputApplication.class, InputApplication.CONFIG_NAME),
                    Map.entry(OrchestratorApplication.class, OrchestratorApplication.CONFIG_NAME),
                    Map.entry(MemoryApplication.class, MemoryApplication.CONFIG_NAME),
                    Map.entry(ToolsApplication.class, ToolsApplication.CONFIG_NAME),
                    Map.entry(OutputApplication.class, OutputApplication.CONFIG_NAME),
                    Map.entry(ProactiveApplication.class, ProactiveApplication.CONFIG_NAME))) {
                // command-line arguments: each service's configuration file sets janus.bus.redis.url
                services.add(new SpringApplicationBuilder(service.getKey())
                        .properties("spring.config.name=" + service.getValue())
                        .run("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.redis.cluster=true",
                                "--janus.bus.redis.url=" + cluster.seedUrls(), "--janus.bus.redis.wait-replicas=1"));
            }

            // then: each is ready
            for (ConfigurableApplicationContext service : services) {
                String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
                await(service.getEnvironment().getProperty("spring.application.name") + " to be ready").atMost(WAIT)
                        .untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(
                                URI.create(base + "/actuator/health/readiness")).GET().build(),
                                HttpResponse.BodyHandlers.ofString()).body()).contains("\"UP\""));
                assertThat(service.getBean(SharedRedis.class).isCluster()).isTrue();
            }
            // and together they answer
            String input = "http://127.0.0.1:" + services.get(0).getEnvironment().getProperty("local.server.port");
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(input + "/api/v1/streams/cluster-services/messages?wait=30"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"what is 17 * 23?\",\"user_id\":\"ada\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(json.readTree(reply.body()).get("text").stringValue()).contains("391");
        }
        finally {
            services.forEach(ConfigurableApplicationContext::close);
        }
    }

    /** A user id whose facts key hashes to the master that serves {@code key}. */
    private String userOnTheMasterOf(String key) {
        int port = cluster.masterOf(key).port();
        for (int i = 0; i < 1_000; i++) {
            String user = "grace-" + i;
            if (cluster.masterOf("janus:memory:facts:" + user).port() == port) {
                return user;
            }
        }
        throw new IllegalStateException("no user id of 1,000 has its facts on the master of " + key);
    }

    private JsonNode ask(String stream, String user, String text) throws Exception {
        HttpResponse<String> response = post(stream, user, text, 30);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String stream, String user, String text, Integer waitSeconds)
            throws Exception {
        String body = json.writeValueAsString(Map.of("text", text, "user_id", user));
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/streams/" + stream + "/messages"
                + (waitSeconds == null ? "" : "?wait=" + waitSeconds)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JanusEvent awaitEvent(String stream, EventType type) {
        EventHistory history = (EventHistory) janus.getBean(EventBus.class);
        return await("a " + type.wireName() + " event in " + stream).atMost(WAIT).ignoreExceptions()
                .until(() -> history.recentEvents(EventPattern.of(type.wireName()), stream, 10), found -> !found.isEmpty())
                .get(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + janus.getEnvironment().getProperty("local.server.port");
    }
}
