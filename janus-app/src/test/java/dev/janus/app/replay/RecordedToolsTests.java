package dev.janus.app.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedToolsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void answersARecordedCallWithItsRecordedResultAndRefusesAnyOther() throws Exception {
        // given a recording in which a reminder was set
        JanusEvent message = EventFixtures.textMessage("s", "remind me in 5 minutes to call Maria");
        ToolCall reminder = new ToolCall("reminder-1", "reminder", Map.of("text", "call Maria", "in", "5m"));
        JanusEvent request = message.replyOnce(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED,
                new ToolRequest(List.of(reminder)), "janus-orchestrator");
        JanusEvent result = request.replyOnce(EventKeys.TOOLS_EXECUTION_COMPLETED,
                new ToolResult("reminder-1", "reminder", "I'll remind you at 12:05 to call Maria.", null, 3),
                "janus-tools");
        try (EventTestHarness harness = new EventTestHarness()) {
            RecordedTools tools = new RecordedTools(harness.eventBus(), List.of(message, request, result));
            tools.start();

            // when the shadow asks for the same call, and for one the recording does not have
            harness.publish(request);
            JanusEvent other = JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, "s", new ToolRequest(
                    List.of(new ToolCall("http-1", "http_get", Map.of("url", "https://example.org")))),
                    EventContext.from("janus-orchestrator"));
            harness.publish(other);

            // then
            JanusEvent answered = harness.awaitEvent(EventType.TOOLS_EXECUTION_COMPLETED,
                    event -> event.correlationId().equals(message.correlationId()), WAIT);
            assertThat(answered.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).isEqualTo("I'll remind you at 12:05 to call Maria.");
            JanusEvent refused = harness.awaitEvent(EventType.TOOLS_EXECUTION_FAILED,
                    event -> event.correlationId().equals(other.correlationId()), WAIT);
            assertThat(refused.content(EventKeys.TOOLS_EXECUTION_FAILED).error()).startsWith("not run during replay");
            tools.stop();
        }
    }
}
