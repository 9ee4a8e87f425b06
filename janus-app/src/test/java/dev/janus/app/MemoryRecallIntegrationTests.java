package dev.janus.app;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory recall suite: scripted conversations (facts stated, distractors, updates that contradict earlier facts,
 * later questions; {@code memory-recall-conversations.json}) sent through the real all-in-one flow over REST with the
 * memory branch on. A question is recalled when its expected answer is among the facts or the top five recalled items
 * of the context the LLM request carried (recall@5), and answered when the offline responder's reply states it.
 * Half of the conversations ask in another stream than the one the facts were told in.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "janus.orchestrator.branches.memory=true",
                "janus.memory.consolidation.enabled=false" })
class MemoryRecallIntegrationTests {

    /** The share of questions recalled at least; measured 1.0 on 34 conversations when written. */
    private static final double RECALL_FLOOR = 0.9;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EventHistory history;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void recallsWhatUsersToldItAndAnswersFromIt() throws Exception {
        // given
        JsonNode conversations;
        try (InputStream in = getClass().getResourceAsStream("/memory-recall-conversations.json")) {
            conversations = JSON.readTree(in);
        }
        assertThat(conversations.size()).isGreaterThanOrEqualTo(30);
        int questions = 0;
        int recalled = 0;
        int answered = 0;
        List<String> misses = new ArrayList<>();

        // when
        for (int c = 0; c < conversations.size(); c++) {
            JsonNode conversation = conversations.get(c);
            String user = conversation.get("user").stringValue();
            for (JsonNode step : conversation.get("steps")) {
                if (step.has("say")) {
                    post("recall-" + user + "-told", user, step.get("say").stringValue());
                    continue;
                }
                String stream = "recall-" + user + (c % 2 == 0 ? "-told" : "-asked");
                String question = step.get("ask").stringValue();
                String expected = step.get("expect").stringValue().toLowerCase(Locale.ROOT);
                JsonNode reply = post(stream, user, question);
                AssembledContext context = llmRequestOf(reply.get("correlation_id").stringValue()).context();
                questions++;
                boolean inFacts = context.facts().stream().map(Fact::value)
                        .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(expected));
                boolean inTopFive = context.recalled().stream().limit(5).map(RecalledItem::text)
                        .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(expected));
                if (inFacts || inTopFive) {
                    recalled++;
                }
                else {
                    misses.add(user + ": " + question + " (expected " + expected + ")");
                }
                if (reply.get("text").stringValue().toLowerCase(Locale.ROOT).contains(expected)) {
                    answered++;
                }
            }
        }

        // then
        double recallAt5 = recalled / (double) questions;
        System.out.printf(Locale.ROOT, "Memory recall suite: %d conversations, %d questions, recall@5 %.3f, "
                + "answered by the offline responder %.3f; misses: %s%n", conversations.size(), questions, recallAt5,
                answered / (double) questions, misses);
        assertThat(recallAt5).isGreaterThanOrEqualTo(RECALL_FLOOR);
    }

    @Test
    void theOfflineResponderAnswersWhatIsMyNameWithTheName() throws Exception {
        // given
        post("recall-name-1", "zoe", "Hello! My name is Zoe Quinn.");

        // when
        JsonNode reply = post("recall-name-2", "zoe", "What is my name?");

        // then
        assertThat(reply.get("text").stringValue()).startsWith("Your name is Zoe Quinn.");
    }

    private JsonNode post(String stream, String user, String text) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("text", text, "user_id", user));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + stream + "/messages?wait=20"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private LlmRequest llmRequestOf(String correlationId) {
        return history.recentEvents(EventPattern.of(EventType.ORCHESTRATOR_LLM_REQUESTED.wireName()), null, 10_000)
                .stream().filter(event -> event.correlationId().equals(correlationId)).findFirst()
                .map(event -> event.contentAs(LlmRequest.class))
                .orElseThrow(() -> new AssertionError("no orchestrator.llm.requested for " + correlationId));
    }
}
