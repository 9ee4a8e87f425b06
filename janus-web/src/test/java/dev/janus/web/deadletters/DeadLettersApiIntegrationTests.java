package dev.janus.web.deadletters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.EventFixtures;
import dev.janus.web.WebAutoConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dead-letter admin API on a real server and the in-memory bus (no keys: loopback callers are admins). */
@SpringBootTest(classes = DeadLettersApiIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class DeadLettersApiIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    @Test
    void listsInspectsReplaysAndDeletesDeadLetters() throws Exception {
        // given a group that fails every event until it is healed
        AtomicBoolean healed = new AtomicBoolean();
        List<String> handled = new CopyOnWriteArrayList<>();
        bus.subscribe("input.message.received", "janus-flaky", event -> {
            if (!healed.get()) {
                throw new IllegalStateException("database unreachable");
            }
            handled.add(event.eventId());
        });
        JanusEvent first = EventFixtures.textMessage("s-1", "first");
        JanusEvent second = EventFixtures.textMessage("s-2", "second");
        bus.publish(first).join();
        bus.publish(second).join();
        DeadLetterQueue queue = (DeadLetterQueue) bus;
        await().atMost(WAIT).until(() -> queue.deadLetterCount() == 2);

        // when / then: list, with filters
        JsonNode listed = body(send("GET", "/api/v1/admin/dlq?group=janus-flaky&event_type=input.message.received"));
        assertThat(listed.get("total").asInt()).isEqualTo(2);
        assertThat(listed.get("dead_letters")).hasSize(2);
        assertThat(body(send("GET", "/api/v1/admin/dlq?group=another")).get("dead_letters")).isEmpty();
        assertThat(send("GET", "/api/v1/admin/dlq?since=yesterday").statusCode()).isEqualTo(400);
        String firstId = idOf(listed, first.eventId());

        // inspect
        JsonNode inspected = body(send("GET", "/api/v1/admin/dlq/" + firstId));
        assertThat(inspected.get("error").asString()).contains("database unreachable");
        assertThat(inspected.get("attempts").asInt()).isEqualTo(3);
        assertThat(inspected.get("origin_group").asString()).isEqualTo("janus-flaky");
        assertThat(inspected.get("event").get("event_id").asString()).isEqualTo(first.eventId());

        // replay while still failing: it comes back with its history
        assertThat(send("POST", "/api/v1/admin/dlq/" + firstId + "/replay").statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> queue.deadLetters(10).stream()
                .anyMatch(letter -> first.eventId().equals(letter.eventId()) && !letter.history().isEmpty()));
        String againId = idOf(body(send("GET", "/api/v1/admin/dlq")), first.eventId());
        assertThat(body(send("GET", "/api/v1/admin/dlq/" + againId)).get("history").get(0).asString())
                .contains("database unreachable");

        // replay once healed: handled, gone from the queue
        healed.set(true);
        assertThat(send("POST", "/api/v1/admin/dlq/" + againId + "/replay").statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> handled.contains(first.eventId()));
        assertThat(send("GET", "/api/v1/admin/dlq/" + againId).statusCode()).isEqualTo(404);

        // delete
        String secondId = idOf(body(send("GET", "/api/v1/admin/dlq")), second.eventId());
        assertThat(send("DELETE", "/api/v1/admin/dlq/" + secondId).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/admin/dlq/" + secondId).statusCode()).isEqualTo(404);
        assertThat(queue.deadLetterCount()).isZero();
    }

    private static String idOf(JsonNode listed, String eventId) {
        for (JsonNode letter : listed.get("dead_letters")) {
            if (eventId.equals(letter.get("event_id").asString())) {
                return letter.get("id").asString();
            }
        }
        throw new AssertionError("no dead letter of event " + eventId + " in " + listed);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WebAutoConfiguration.class)
    static class App {
    }
}
