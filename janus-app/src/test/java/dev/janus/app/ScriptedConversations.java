package dev.janus.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripted conversations ({@code [{"user", "kind", "steps": [{"say"} | {"ask", "expect", "forbid"}]}]}) sent through
 * the running all-in-one app over REST with {@code ?wait}: what is said goes to one stream; the questions of every
 * other pair of conversations are asked in another stream of the same user, so answers must come from memory rather
 * than from the conversation. Each question comes back with its reply and the {@code orchestrator.llm.requested}
 * event that carried memory's context to the LLM component.
 */
final class ScriptedConversations {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One question of a script and what came of it.
     *
     * @param user the user who asked
     * @param kind the kind of case (e.g. {@code update}, {@code unanswerable})
     * @param conversation the conversation's index in the script, from 0
     * @param question the question
     * @param expected what a right answer contains; absent when nothing told answers it
     * @param forbidden what an answer must not contain (the distractors' values)
     * @param reply the reply's text
     * @param llmRequested the request the LLM component answered
     */
    record Asked(String user, String kind, int conversation, String question, @Nullable String expected,
            List<String> forbidden, String reply, JanusEvent llmRequested) {

        LlmRequest request() {
            return llmRequested.content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
        }

        /** Whether the question is in the calibration half (even conversations) rather than the evaluation half. */
        boolean calibrates() {
            return conversation % 2 == 0;
        }
    }

    private final int port;
    private final EventHistory history;
    private final HttpClient http = HttpClient.newHttpClient();

    ScriptedConversations(int port, EventHistory history) {
        this.port = port;
        this.history = history;
    }

    /** Runs the script in the resource; stream ids start with {@code prefix}. */
    List<Asked> run(String resource, String prefix) throws IOException, InterruptedException {
        JsonNode conversations;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            conversations = JSON.readTree(in);
        }
        List<Asked> asked = new ArrayList<>();
        for (int c = 0; c < conversations.size(); c++) {
            JsonNode conversation = conversations.get(c);
            String user = conversation.get("user").stringValue();
            String kind = conversation.has("kind") ? conversation.get("kind").stringValue() : "recall";
            String told = prefix + user + "-told";
            for (JsonNode step : conversation.get("steps")) {
                if (step.has("say")) {
                    post(told, user, step.get("say").stringValue());
                    continue;
                }
                String stream = (c / 2) % 2 == 0 ? told : prefix + user + "-asked";
                String question = step.get("ask").stringValue();
                JsonNode reply = post(stream, user, question);
                JsonNode expect = step.get("expect");
                List<String> forbidden = new ArrayList<>();
                if (step.has("forbid")) {
                    step.get("forbid").forEach(value -> forbidden.add(value.stringValue()));
                }
                asked.add(new Asked(user, kind, c, question, expect == null || expect.isNull() ? null
                        : expect.stringValue(), forbidden, reply.get("text").stringValue(),
                        llmRequested(reply.get("correlation_id").stringValue())));
            }
        }
        return asked;
    }

    /** Posts a message and waits for its reply. */
    JsonNode post(String stream, String user, String text) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("text", text, "user_id", user));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + stream + "/messages?wait=20"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JanusEvent llmRequested(String correlationId) {
        return history.recentEvents(EventPattern.of(EventType.ORCHESTRATOR_LLM_REQUESTED.wireName()), null, 10_000)
                .stream().filter(event -> event.correlationId().equals(correlationId)).findFirst()
                .orElseThrow(() -> new AssertionError("no orchestrator.llm.requested for " + correlationId));
    }
}
