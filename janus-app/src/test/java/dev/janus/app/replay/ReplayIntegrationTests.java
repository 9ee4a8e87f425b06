package dev.janus.app.replay;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.janus.app.JanusApplication;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay against the real all-in-one app: a conversation is recorded, exported as JSON Lines, read back and
 * replayed in a shadow; the same configuration changes nothing, a deliberate change shows in the report.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.orchestrator.branches.memory=true",
        "janus.orchestrator.branches.tools=true" })
class ReplayIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> SAME = Map.of("janus.orchestrator.branches.memory", "true",
            "janus.orchestrator.branches.tools", "true");

    @Autowired
    EventBus bus;

    private List<JanusEvent> recording;

    @BeforeEach
    void recordAConversation() throws Exception {
        String stream = "replayed-" + UUID.randomUUID();
        try (EventTestHarness harness = new EventTestHarness(bus)) {
            for (String text : List.of("My name is Zoe Quinn.", "what is 17 * 23?", "What is my name?")) {
                harness.sendAndWait(EventFixtures.textMessage(stream, text), EventType.OUTPUT_MESSAGE_SENT, WAIT);
            }
        }
        String exported = EventLog.of(((EventHistory) bus).recentEvents(EventPattern.ALL, stream, 10_000))
                .toJsonLines();
        recording = EventLog.read(new BufferedReader(new StringReader(exported))).events();
    }

    @Test
    void aReplayWithTheSameConfigurationAndTheOfflineResponderChangesNothing() throws Exception {
        // when
        ReplayReport report = ReplayReport.compare(Outcome.of(recording),
                Outcome.of(new ShadowRun(SAME, false, WAIT).replay(recording)));

        // then
        assertThat(report.totals().requests()).isEqualTo(3);
        assertThat(report.requests()).allSatisfy(request -> assertThat(request.changes()).isEmpty());
        assertThat(report.identical()).isTrue();
        ReplayReport.RequestDiff arithmetic = report.requests().get(1);
        assertThat(arithmetic.tools().replayed()).containsExactly("calculator {expression=17 * 23}");
        assertThat(report.requests().get(0).facts().replayed()).isNotEmpty();
        assertThat(report.requests().get(2).reply()).extracting(WordDiff.Span::op).containsOnly("=");
    }

    @Test
    void turningMemoryOffInTheShadowShowsInTheReport() throws Exception {
        // when
        ReplayReport report = ReplayReport.compare(Outcome.of(recording), Outcome.of(new ShadowRun(
                Map.of("janus.orchestrator.branches.memory", "false", "janus.orchestrator.branches.tools", "true"),
                false, WAIT).replay(recording)));

        // then: the name is no longer remembered when asked for
        ReplayReport.RequestDiff question = report.requests().get(2);
        assertThat(question.changes()).contains("reply");
        assertThat(question.reply()).anySatisfy(span -> {
            assertThat(span.op()).isEqualTo("-");
            assertThat(span.text()).contains("Zoe");
        });
        assertThat(report.totals().replies()).isPositive();
        assertThat(ReplayReportPage.render(report)).contains("<del>").contains("What is my name?");
    }

    @Test
    void readingALogReportsEveryBadLineByNumber() throws Exception {
        // given
        String good = EventLog.of(recording.subList(0, 1)).toJsonLines().strip();
        String log = good + "\n{\"event_id\": 1}\n\nnot json\n" + good + "\n";

        // when
        EventLog read = EventLog.read(new BufferedReader(new StringReader(log)));

        // then
        assertThat(read.events()).hasSize(2);
        assertThat(read.badLines()).extracting(EventLog.BadLine::line).containsExactly(2, 4);
        assertThat(read.badLines()).allSatisfy(bad -> assertThat(bad.problem()).isNotBlank());
    }
}
