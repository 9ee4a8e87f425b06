package dev.janus.memory.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.janus.bus.EventBus;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import dev.janus.memory.MemoryConfiguration;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.testkit.EventTestHarness;
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

/**
 * Memory's REST interface on a real server, with API keys: {@code ada} and {@code bob} are users, {@code ops} an
 * admin. Each test uses users of its own.
 */
@SpringBootTest(classes = MemoriesApiIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
                "janus.memory.consolidation.enabled=false", "janus.memory.recall-budget=5s",
                "janus.security.api-keys[0].principal=ada", "janus.security.api-keys[0].key=" + MemoriesApiIntegrationTests.ADA,
                "janus.security.api-keys[1].principal=bob", "janus.security.api-keys[1].key=" + MemoriesApiIntegrationTests.BOB,
                "janus.security.api-keys[2].principal=ops", "janus.security.api-keys[2].roles=admin",
                "janus.security.api-keys[2].key=" + MemoriesApiIntegrationTests.OPS,
                "janus.security.rate-limit.requests-per-second=1000", "janus.security.rate-limit.burst=1000" })
class MemoriesApiIntegrationTests {

    static final String ADA = "ada-secret-key-0123456789";
    static final String BOB = "bob-secret-key-0123456789";
    static final String OPS = "ops-secret-key-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    @Autowired
    HistoryStore history;

    @Test
    void listsAUsersFactsWithProvenanceAndKeepsASupersededOneAsHistory() throws Exception {
        // given
        JanusEvent name;
        try (EventTestHarness harness = new EventTestHarness(bus)) {
            name = say("s-ada-1", "ada", "My name is Ada Lovelace.");
            JanusEvent learned = harness.awaitEvent(EventType.MEMORY_FACT_LEARNED,
                    event -> name.eventId().equals(event.causationId()), WAIT);
            assertThat(learned.content(EventKeys.MEMORY_FACT_LEARNED).fact().value()).isEqualTo("Ada Lovelace");
        }
        JanusEvent london = say("s-ada-1", "ada", "I live in London.");
        await().atMost(WAIT).until(() -> facts("ada").size() >= 2);
        JanusEvent paris = say("s-ada-2", "ada", "I live in Paris now.");

        // when
        await().atMost(WAIT).until(() -> facts("ada").size() >= 3);
        JsonNode facts = facts("ada");

        // then
        assertThat(find(facts, "Ada Lovelace").get("provenance").toString()).contains(name.eventId());
        JsonNode old = find(facts, "London");
        assertThat(old.get("status").asString()).isEqualTo("superseded");
        assertThat(old.get("provenance").toString()).contains(london.eventId());
        JsonNode current = find(facts, "Paris");
        assertThat(current.get("status").asString()).isEqualTo("current");
        assertThat(current.get("provenance").toString()).contains(paris.eventId());
    }

    @Test
    void aPrincipalSeesOnlyItsOwnMemoriesAndAnAdminEveryones() throws Exception {
        // given
        say("s-bob-1", "bob", "My favourite colour is green.");
        await().atMost(WAIT).until(() -> facts("bob").size() >= 1);

        // then
        assertThat(request("GET", "/api/v1/users/bob/memories", ADA).statusCode()).isEqualTo(403);
        assertThat(request("DELETE", "/api/v1/users/bob/memories", ADA).statusCode()).isEqualTo(403);
        assertThat(request("POST", "/api/v1/memories/consolidation", BOB).statusCode()).isEqualTo(403);
        assertThat(request("GET", "/api/v1/users/bob/memories", OPS).statusCode()).isEqualTo(200);
        assertThat(request("GET", "/api/v1/users/bob/memories", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theOwnerOfAMeetingSeesAndErasesTheMemoriesOfTheParticipantsItSpeaksForAndNoOneElseDoes() throws Exception {
        // given: bob's meeting device spoke for participant ada (user bob~ada, not the principal ada)
        say("s-bob-meeting", "bob~ada", "My favourite colour is purple.");
        await().atMost(WAIT).until(() -> facts("bob~ada").size() >= 1);

        // then
        assertThat(request("GET", "/api/v1/users/bob~ada/memories", ADA).statusCode()).isEqualTo(403);
        assertThat(request("DELETE", "/api/v1/users/bob~ada/memories", ADA).statusCode()).isEqualTo(403);
        assertThat(request("GET", "/api/v1/users/bob~ada/memories", BOB).body()).contains("purple");
        assertThat(request("GET", "/api/v1/users/ada/memories", BOB).statusCode()).isEqualTo(403);
        assertThat(request("DELETE", "/api/v1/users/bob~ada/memories", BOB).statusCode()).isEqualTo(200);
        assertThat(request("GET", "/api/v1/users/bob~ada/memories", OPS).statusCode()).isEqualTo(404);
    }

    @Test
    void forgetsOneFactAndThenTheWholeUser() throws Exception {
        // given
        say("s-cy-1", "cy", "My name is Cy.");
        say("s-cy-1", "cy", "I work at Initech.");
        await().atMost(WAIT).until(() -> facts("cy").size() >= 2);
        String employer = find(facts("cy"), "Initech").get("id").asString();

        // when one fact is forgotten, then the user
        HttpResponse<String> one = request("DELETE", "/api/v1/users/cy/memories/" + employer, OPS);
        HttpResponse<String> again = request("DELETE", "/api/v1/users/cy/memories/" + employer, OPS);
        HttpResponse<String> all = request("DELETE", "/api/v1/users/cy/memories", OPS);

        // then
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("memory_not_found");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(all.body()).get("facts_deleted").asInt()).isEqualTo(1);
        HttpResponse<String> gone = request("GET", "/api/v1/users/cy/memories", OPS);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("user_not_found");
        assertThat(history.all("s-cy-1")).isEmpty();
    }

    @Test
    void refusesBadIdsWithAMessageSayingWhatTheyLookLike() throws Exception {
        HttpResponse<String> badUser = request("GET", "/api/v1/users/-nope/memories", OPS);
        HttpResponse<String> badId = request("DELETE", "/api/v1/users/ada/memories/42", OPS);

        assertThat(badUser.statusCode()).isEqualTo(400);
        assertThat(badUser.body()).contains("invalid_user_id");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("memory ids look like 'fact-<uuid>'");
    }

    @Test
    void consolidationSummarisesOldTurnsExpiresThoseBeyondRetentionAndReportsTheCounts() throws Exception {
        // given five turns ten days old and one older than the retention of a year
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        for (int i = 0; i < 5; i++) {
            say("s-dee-1", "dee", "Old question number " + i + " about gardening?", tenDaysAgo.plusSeconds(i));
        }
        say("s-dee-1", "dee", "Something from long ago.", Instant.now().minus(Duration.ofDays(400)));
        say("s-dee-1", "dee", "Something from today.", Instant.now());
        await().atMost(WAIT).until(() -> history.all("s-dee-1").size() == 7);

        // when
        JanusEvent completed;
        try (EventTestHarness harness = new EventTestHarness(bus)) {
            HttpResponse<String> response = request("POST", "/api/v1/users/dee/memories/consolidation", "dee-none");
            assertThat(response.statusCode()).isEqualTo(401);
            response = request("POST", "/api/v1/users/dee/memories/consolidation", OPS);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode report = JSON.readTree(response.body());
            assertThat(report.get("items_summarized").asInt()).isEqualTo(5);
            assertThat(report.get("items_expired").asInt()).isEqualTo(1);
            completed = harness.awaitEvent(EventType.MEMORY_CONSOLIDATION_COMPLETED,
                    event -> "dee".equals(event.context().userId()), WAIT);
        }

        // then
        assertThat(completed).isNotNull();
        assertThat(history.all("s-dee-1")).extracting(HistoryEntry::role).containsExactly(HistoryEntry.SUMMARY,
                HistoryEntry.USER);
        assertThat(history.all("s-dee-1").get(0).text()).contains("gardening");
    }

    private JanusEvent say(String stream, String user, String text) {
        return say(stream, user, text, Instant.now());
    }

    private JanusEvent say(String stream, String user, String text, Instant at) {
        JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, stream, new TextContent(text),
                new EventContext("janus-test", user, "chat", null, Map.of())).withTimestamp(at);
        bus.publish(event).join();
        return event;
    }

    private JsonNode facts(String user) throws Exception {
        HttpResponse<String> response = request("GET", "/api/v1/users/" + user + "/memories", OPS);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("facts") : JSON.createArrayNode();
    }

    private static JsonNode find(JsonNode facts, String value) {
        for (JsonNode fact : facts) {
            if (fact.get("value").asString().contains(value)) {
                return fact;
            }
        }
        throw new AssertionError("no fact with value " + value + " in " + facts);
    }

    private HttpResponse<String> request(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(MemoryConfiguration.class)
    static class App {
    }
}
