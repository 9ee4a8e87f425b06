package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolProgress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The conversation flow with the tools component, through the real all-in-one app and its REST edge: the
 * orchestrator plans the tool calls from the text, janus-tools runs them, the join waits for their results and
 * the offline responder states them.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "janus.orchestrator.branches.tools=true",
                "janus.orchestrator.join-timeout=10s", "janus.tools.timers.progress-interval=200ms" })
class ToolsFlowIntegrationTests {

    @Autowired
    EventBus bus;

    @LocalServerPort
    int port;

    private JsonNode ask(String stream, String text) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + stream + "/messages?wait=10"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"user_id\":\"ada\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private List<JanusEvent> eventsOf(String stream, String correlationId) {
        return ((EventHistory) bus).recentEvents(EventPattern.ALL, stream, 1_000).stream()
                .filter(event -> event.correlationId().equals(correlationId)).toList();
    }

    @Test
    void answersWhatIs17Times23With391() throws Exception {
        // when
        JsonNode reply = ask("tools-calculation", "what is 17 * 23?");

        // then
        assertThat(reply.get("text").stringValue()).contains("391");
        assertThat(reply.get("tool_results").toString()).contains("17 * 23 = 391");
        assertThat(reply.get("events").findValuesAsString("event_type")).contains("orchestrator.tools.requested",
                "tools.execution.started", "tools.execution.completed", "orchestrator.llm.requested",
                "orchestrator.response.ready");
    }

    @Test
    void reportsATimersProgressAndAnswersWhenItIsDone() throws Exception {
        // when
        JsonNode reply = ask("tools-timer", "set a timer for 2 seconds");

        // then
        assertThat(reply.get("text").stringValue()).contains("the timer for 2 seconds is done");
        List<JanusEvent> events = eventsOf("tools-timer", reply.get("correlation_id").stringValue());
        List<ToolProgress> progress = events.stream().filter(e -> e.eventType() == EventType.TOOLS_EXECUTION_PROGRESS)
                .map(e -> e.content(EventKeys.TOOLS_EXECUTION_PROGRESS)).toList();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.get(0).message()).isEqualTo("The timer for 2 seconds started; 2 seconds left.");
        assertThat(events).extracting(JanusEvent::eventType).containsSubsequence(EventType.TOOLS_EXECUTION_STARTED,
                EventType.TOOLS_EXECUTION_PROGRESS, EventType.TOOLS_EXECUTION_COMPLETED,
                EventType.ORCHESTRATOR_RESPONSE_READY);
    }
}
