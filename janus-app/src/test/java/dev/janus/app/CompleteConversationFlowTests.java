package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's {@code test_complete_conversation_flow}: every component of the all-in-one app, real,
 * on each bus engine — a message goes in, {@code output.message.sent} comes out with a reply that
 * offers help.
 */
class CompleteConversationFlowTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    abstract static class Flow {

        @Autowired
        EventBus bus;

        @LocalServerPort
        int port;

        @Autowired
        ApplicationContext context;

        EventTestHarness harness;

        @BeforeEach
        void harness() {
            harness = new EventTestHarness(bus);
        }

        @AfterEach
        void closeHarness() {
            harness.close();
        }

        @Test
        void answersHelloCanYouHelpMeWithAnOfferOfHelp() throws Exception {
            // given
            JanusEvent input = EventFixtures.textMessage("test_conversation", "Hello, can you help me?");

            // when
            JanusEvent response = harness.sendAndWait(input, EventType.OUTPUT_MESSAGE_SENT, WAIT);

            // then
            String text = response.content(EventKeys.OUTPUT_MESSAGE_SENT).text();
            assertThat(text).isNotEmpty();
            assertThat(text.toLowerCase()).contains("help");
            // the bus's history holds every publish; another group may not have received the last ones yet
            assertThat(((EventHistory) bus).recentEvents(EventPattern.ALL, input.streamId(), 1_000))
                    .filteredOn(event -> event.correlationId().equals(input.correlationId()))
                    .extracting(JanusEvent::eventType)
                    .contains(EventType.ORCHESTRATOR_INTENT_CLASSIFIED, EventType.ORCHESTRATOR_LLM_REQUESTED,
                            EventType.LLM_RESPONSE_GENERATED, EventType.ORCHESTRATOR_RESPONSE_READY,
                            EventType.OUTPUT_FORMATTING_COMPLETED);
            assertThat(response.traceId()).isEqualTo(input.traceId());
        }

        @Test
        void loadsOneEmbeddingModelForTheOrchestratorAndMemory() {
            assertThat(context.getBeansOfType(NamedEmbeddingModel.class)).hasSize(1);
        }

        @Test
        void answersARestMessageWithItsReplyWhenAskedToWait() throws Exception {
            // when
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/rest-conversation/messages?wait=20"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello, can you help me?\",\"user_id\":\"ada\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode reply = JsonMapper.builder().build().readTree(response.body());
            assertThat(reply.get("text").stringValue().toLowerCase()).contains("help");
            assertThat(reply.get("events").findValuesAsString("event_type")).contains("input.message.received",
                    "orchestrator.intent.classified", "orchestrator.llm.requested", "llm.response.generated",
                    "orchestrator.response.ready");
        }
    }

    @Nested
    @SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "janus.bus.type=memory")
    class OnTheInMemoryBus extends Flow {
    }

    @Nested
    @SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "janus.bus.type=redis")
    class OnRedis extends Flow {

        @DynamicPropertySource
        static void redis(DynamicPropertyRegistry registry) {
            var endpoint = RedisExtension.sharedEndpoint();
            endpoint.flush();
            registry.add("janus.bus.redis.url", endpoint::url);
        }
    }
}
