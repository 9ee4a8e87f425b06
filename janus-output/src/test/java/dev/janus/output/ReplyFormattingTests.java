package dev.janus.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.output.format.ChannelFormatter;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplyFormattingTests {

    private EventTestHarness harness;
    private ReplyFormatting formatting;

    @BeforeEach
    void start() {
        harness = new EventTestHarness();
        formatting = new ReplyFormatting(harness.eventBus(), new ChannelFormatter());
        formatting.start();
    }

    @AfterEach
    void stop() {
        formatting.stop();
        harness.close();
    }

    private static JanusEvent ready(String channel) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_RESPONSE_READY, "conversation",
                new FormattedResponse("**Hello**, I can help.", channel, "markdown", List.of()),
                new EventContext("janus-orchestrator", "ada", channel, null, Map.of()));
    }

    @Test
    void formatsForTheChannelAndRecordsTheDelivery() throws Exception {
        // given
        JanusEvent ready = ready("voice");

        // when
        JanusEvent sent = harness.sendAndWait(ready, EventType.OUTPUT_MESSAGE_SENT, Duration.ofSeconds(5));

        // then
        JanusEvent formatted = harness.awaitEvent(EventType.OUTPUT_FORMATTING_COMPLETED,
                event -> event.correlationId().equals(ready.correlationId()), Duration.ofSeconds(5));
        assertThat(formatted.content(EventKeys.OUTPUT_FORMATTING_COMPLETED).text()).isEqualTo("Hello, I can help.");
        assertThat(formatted.causationId()).isEqualTo(ready.eventId());
        assertThat(sent.content(EventKeys.OUTPUT_MESSAGE_SENT)).isEqualTo(
                new DeliveredMessage("Hello, I can help.", "voice", "outbox"));
        assertThat(sent.causationId()).isEqualTo(formatted.eventId());
    }

    @Test
    void republishesTheSameEventsWhenAReplyIsHandledAgain() {
        // given
        JanusEvent ready = ready("chat");

        // when: the same reply is handled twice, as after a redelivery
        formatting.on(ready, ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY));
        formatting.on(ready, ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY));

        // then
        List<String> formattedIds = harness.eventBus() instanceof dev.janus.bus.EventHistory history
                ? history.recentEvents(dev.janus.bus.EventPattern.of("output.formatting.completed"), "conversation", 10)
                        .stream().map(JanusEvent::eventId).distinct().toList()
                : List.of();
        assertThat(formattedIds).hasSize(1);
    }
}
