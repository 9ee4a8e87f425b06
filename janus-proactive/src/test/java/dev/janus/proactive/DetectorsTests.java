package dev.janus.proactive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.janus.events.DeliveredMessage;
import dev.janus.events.DeliveryFailure;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.Intervention;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.ReminderDue;
import dev.janus.events.ToolResult;
import dev.janus.proactive.state.ProactiveState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DetectorsTests {

    private final ProactiveScenario scenario = new ProactiveScenario(ProactiveProperties.defaults());

    @AfterEach
    void close() {
        scenario.close();
    }

    @Nested
    class RepeatedQuestions {

        @Test
        void theSameQuestionAskedThreeTimesBecomesOnePatternAndOneSuggestion() {
            // given
            JanusEvent first = scenario.receive(scenario.message("s-1", "ana", "What is the Wi-Fi password?"));
            JanusEvent second = scenario.receive(scenario.message("s-1", "ana", "what is the wifi password"));
            scenario.receive(scenario.message("s-1", "ana", "What is the Wi-Fi password?"));
            assertThat(scenario.suggestions()).isEmpty();

            // when
            scenario.clock.advance(Duration.ofMinutes(1));
            JanusEvent third = scenario.receive(scenario.message("s-2", "ana", "  WHAT is the Wi-Fi password??"));

            // then
            assertThat(second).isNotNull();
            List<JanusEvent> patterns = scenario.published(EventType.PROACTIVE_PATTERN_DETECTED);
            assertThat(patterns).hasSize(1);
            PatternDetected pattern = patterns.get(0).content(EventKeys.PROACTIVE_PATTERN_DETECTED);
            assertThat(pattern.kind()).isEqualTo("repeated_question");
            assertThat(pattern.occurrences()).isEqualTo(3);
            assertThat(pattern.evidence()).containsExactly(first.eventId(), "evt-3", third.eventId());
            ProactiveSuggestion suggestion = scenario.suggestions().get(0);
            assertThat(suggestion.text()).contains("asked \"WHAT is the Wi-Fi password??\" 3 times");
            assertThat(scenario.published(EventType.PROACTIVE_SUGGESTION_READY).get(0).streamId()).isEqualTo("s-2");
        }

        @Test
        void countsDifferentButEqualOnceNormalisedQuestionsTogetherAndOnlyQuestions() {
            // given
            scenario.receive(scenario.message("s-1", "ana", "Thanks"));
            scenario.receive(scenario.message("s-1", "ana", "Thanks"));

            // when
            scenario.receive(scenario.message("s-1", "ana", "Thanks"));

            // then
            assertThat(scenario.published).isEmpty();
        }

        @Test
        void countsPerUserAndWithinTheWindow() {
            // given
            scenario.receive(scenario.message("s-1", "ana", "Where is the office?"));
            scenario.receive(scenario.message("s-1", "ben", "Where is the office?"));
            scenario.clock.advance(Duration.ofMinutes(61));
            scenario.receive(scenario.message("s-1", "ana", "Where is the office?"));

            // when
            scenario.receive(scenario.message("s-1", "ana", "Where is the office?"));

            // then
            assertThat(scenario.published).isEmpty();
        }

        @Test
        void aRedeliveredEventRepublishesTheSameEventsAndAFurtherRepeatNone() {
            // given
            scenario.receive(scenario.message("s-1", "ana", "Is it raining?"));
            scenario.receive(scenario.message("s-1", "ana", "Is it raining?"));
            JanusEvent third = scenario.receive(scenario.message("s-1", "ana", "Is it raining?"));
            List<String> ids = scenario.published.stream().map(JanusEvent::eventId).toList();

            // when
            scenario.receive(third);
            scenario.receive(scenario.message("s-1", "ana", "Is it raining?"));

            // then
            assertThat(scenario.published).extracting(JanusEvent::eventId).containsExactlyElementsOf(
                    java.util.stream.Stream.concat(ids.stream(), ids.stream()).toList());
        }
    }

    @Nested
    class FailingTools {

        @Test
        void aToolFailingThreeTimesForAUserIsTheUsersSuggestionAndTheOperatorsWarning() {
            // given
            scenario.receive(failure("s-1", "ana", "units", "unknown unit 'parsec'"));
            scenario.receive(failure("s-1", "ana", "calculator", "division by zero"));
            scenario.receive(failure("s-1", "ana", "units", "unknown unit 'parsec'"));

            // when
            JanusEvent third = scenario.receive(failure("s-1", "ana", "units", "unknown unit 'furlong'"));

            // then
            ProactiveSuggestion suggestion = scenario.suggestions().get(0);
            assertThat(suggestion.kind()).isEqualTo("tool_failing");
            assertThat(suggestion.text()).startsWith("The units tool failed 3 times within 15m for you")
                    .contains("unknown unit 'furlong'");
            Intervention warning = scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED).get(0)
                    .content(EventKeys.PROACTIVE_INTERVENTION_NEEDED);
            assertThat(warning.severity()).isEqualTo("warning");
            assertThat(warning.reason()).contains("user:ana");
            assertThat(warning.evidence()).hasSize(3).endsWith(third.eventId());
        }

        @Test
        void aToolsLongestErrorIsQuotedShortenedSoTheWarningStillGoesOut() {
            // given errors as long as a tool's error may be
            String longest = "unknown property '" + "p".repeat(3_970) + "'";
            for (int i = 0; i < 2; i++) {
                scenario.receive(failure("s-1", "ana", "mcp_search", longest));
            }

            // when
            scenario.receive(failure("s-1", "ana", "mcp_search", longest));

            // then
            assertThat(scenario.suggestions()).singleElement().satisfies(suggestion -> assertThat(suggestion.text())
                    .contains("unknown property 'ppp").contains("...").hasSizeLessThan(1_300));
            assertThat(scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED)).hasSize(1);
        }

        @Test
        void cancelledRunsAreNotFailuresOfTheTool() {
            // when
            for (int i = 0; i < 3; i++) {
                scenario.receive(failure("s-1", "ana", "timer", "cancelled: the stream was interrupted"));
            }

            // then
            assertThat(scenario.published(EventType.PROACTIVE_SUGGESTION_READY)).isEmpty();
        }
    }

    @Nested
    class Reminders {

        @Test
        void aReminderFallingDueIsSuggestedToItsUser() {
            // when
            JanusEvent due = scenario.receive(scenario.event(EventKeys.TOOLS_REMINDER_DUE, "s-1", null,
                    new ReminderDue("rem-1", "call Maria", Instant.parse("2026-11-27T12:00:00Z"), "ana")));

            // then
            JanusEvent ready = scenario.published(EventType.PROACTIVE_SUGGESTION_READY).get(0);
            assertThat(ready.content(EventKeys.PROACTIVE_SUGGESTION_READY).text()).isEqualTo("Reminder: call Maria");
            assertThat(ready.context().userId()).isEqualTo("ana");
            assertThat(ready.causationId()).isEqualTo(due.eventId());
            assertThat(ready.eventId()).isEqualTo(ready.content(EventKeys.PROACTIVE_SUGGESTION_READY).suggestionId());
        }
    }

    @Nested
    class UnansweredQuestions {

        @Test
        void aMessageWithoutAReplyWithinTheWindowNeedsAnOperator() {
            // given
            JanusEvent message = scenario.receive(scenario.message("s-1", "ana", "Are you there?"));
            scenario.clock.advance(Duration.ofSeconds(29));
            assertThat(scenario.unanswered.sweep(scenario.findings)).isZero();

            // when
            scenario.clock.advance(Duration.ofSeconds(2));
            int reported = scenario.unanswered.sweep(scenario.findings);

            // then
            assertThat(reported).isEqualTo(1);
            Intervention intervention = scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED).get(0)
                    .content(EventKeys.PROACTIVE_INTERVENTION_NEEDED);
            assertThat(intervention.kind()).isEqualTo("unanswered_question");
            assertThat(intervention.evidence()).containsExactly(message.eventId());
            assertThat(scenario.unanswered.sweep(scenario.findings)).isZero();
        }

        @Test
        void aCheckTakenByAReplicaThatDiedIsReportedOnceItsLeasePassed() {
            // given a message without a reply whose check another replica took and never finished (it died)
            JanusEvent message = scenario.receive(scenario.message("s-1", "ana", "Are you there?"));
            scenario.clock.advance(Duration.ofSeconds(31));
            assertThat(scenario.state.takeDue(scenario.clock.instant(), 100)).hasSize(1);

            // when
            int withinTheLease = scenario.unanswered.sweep(scenario.findings);
            scenario.clock.advance(ProactiveState.TAKE_LEASE);
            int afterIt = scenario.unanswered.sweep(scenario.findings);

            // then
            assertThat(withinTheLease).isZero();
            assertThat(afterIt).isEqualTo(1);
            assertThat(scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED)).singleElement()
                    .satisfies(event -> assertThat(event.content(EventKeys.PROACTIVE_INTERVENTION_NEEDED).evidence())
                            .containsExactly(message.eventId()));
            assertThat(scenario.unanswered.sweep(scenario.findings)).isZero();
        }

        @Test
        void aReplyBeforeOrAfterItsMessageArrivesCancelsTheCheck() {
            // given
            JanusEvent answeredLater = scenario.receive(scenario.message("s-1", "ana", "Hello?"));
            JanusEvent answeredEarly = scenario.message("s-1", "ana", "Anyone?");

            // when
            scenario.receive(sent(answeredLater));
            scenario.receive(sent(answeredEarly));
            scenario.receive(answeredEarly);
            scenario.clock.advance(Duration.ofMinutes(1));

            // then
            assertThat(scenario.unanswered.sweep(scenario.findings)).isZero();
        }

        private JanusEvent sent(JanusEvent message) {
            return message.replyOnce(EventKeys.OUTPUT_MESSAGE_SENT, new DeliveredMessage("Hi!", "chat", "outbox"),
                    "janus-output");
        }
    }

    @Nested
    class ErrorSpikes {

        @Test
        void tenFailuresOfAnyKindWithinAMinuteAreOneCriticalIntervention() {
            // given
            for (int i = 0; i < 9; i++) {
                scenario.receive(failure("s-" + i, "user-" + i, "tool-" + i, "boom"));
            }
            assertThat(scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED)).isEmpty();

            // when
            scenario.receive(scenario.event(EventKeys.OUTPUT_MESSAGE_FAILED, "s-9", null,
                    new DeliveryFailure("webhook", "HTTP 503", 3)));
            scenario.receive(failure("s-10", "user-10", "tool-10", "boom"));

            // then
            List<Intervention> spikes = scenario.published(EventType.PROACTIVE_INTERVENTION_NEEDED).stream()
                    .map(event -> event.content(EventKeys.PROACTIVE_INTERVENTION_NEEDED))
                    .filter(intervention -> intervention.kind().equals("error_spike"))
                    .toList();
            assertThat(spikes).hasSize(1);
            assertThat(spikes.get(0).severity()).isEqualTo("critical");
            assertThat(spikes.get(0).reason()).startsWith("10 failures within 1m").contains("output.message.failed");
        }
    }

    @Nested
    class LearnedPatterns {

        @Test
        void aPatternMemoryLearnedIsPassedOnWithItsEvidenceAndSuggested() {
            // when
            JanusEvent learned = scenario.receive(scenario.event(EventKeys.MEMORY_PATTERN_DETECTED, "s-1", "ana",
                    new PatternDetected("routine_time", "ana usually writes around 09:00", 5,
                            List.of("evt-a", "evt-b"))));

            // then
            PatternDetected live = scenario.published(EventType.PROACTIVE_PATTERN_DETECTED).get(0)
                    .content(EventKeys.PROACTIVE_PATTERN_DETECTED);
            assertThat(live.evidence()).containsExactly("evt-a", "evt-b", learned.eventId());
            assertThat(scenario.suggestions().get(0).text()).contains("ana usually writes around 09:00");
        }
    }

    private JanusEvent failure(String streamId, String userId, String tool, String error) {
        return scenario.event(EventKeys.TOOLS_EXECUTION_FAILED, streamId, userId,
                new ToolResult(tool + "-1", tool, null, error, 3));
    }
}
