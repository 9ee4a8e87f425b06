package dev.janus.proactive;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.ReminderDue;
import dev.janus.events.SuggestionFeedback;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Restraint and feedback, driven through learned patterns, whose suggestions depend on nothing else. */
class RestraintTests {

    @Nested
    class Limits {

        @Test
        void theSameSuggestionIsMadeOnceWithinTheDedupWindow() {
            try (ProactiveScenario scenario = scenario(restraint(null, null, null, Duration.ofMillis(1)))) {
                // given
                learned(scenario, "s-1", "ana", "coffee", "ana asks about coffee daily");

                // when
                learned(scenario, "s-2", "ana", "coffee", "ana asks about coffee daily");

                // then
                assertThat(scenario.suggestions()).hasSize(1);
                assertThat(scenario.heldBack("duplicate")).isEqualTo(1);
            }
        }

        @Test
        void atMostSoManySuggestionsPerStreamWithinItsWindow() {
            try (ProactiveScenario scenario = scenario(restraint(2, Duration.ofMinutes(10), 100,
                    Duration.ofMillis(1)))) {
                // given
                learned(scenario, "s-1", "ana", "a", "first");
                scenario.clock.advance(Duration.ofSeconds(1));
                learned(scenario, "s-1", "ana", "b", "second");
                scenario.clock.advance(Duration.ofSeconds(1));

                // when
                learned(scenario, "s-1", "ana", "c", "third");
                learned(scenario, "s-2", "ana", "c", "third, elsewhere");
                scenario.clock.advance(Duration.ofMinutes(10));
                learned(scenario, "s-1", "ana", "d", "fourth, later");

                // then
                assertThat(scenario.suggestions()).extracting(ProactiveSuggestion::text).containsExactly(
                        "I noticed a pattern: first. Tell me if there is something I can do about it.",
                        "I noticed a pattern: second. Tell me if there is something I can do about it.",
                        "I noticed a pattern: third, elsewhere. Tell me if there is something I can do about it.",
                        "I noticed a pattern: fourth, later. Tell me if there is something I can do about it.");
                assertThat(scenario.heldBack("stream_rate_limit")).isEqualTo(1);
            }
        }

        @Test
        void atMostSoManySuggestionsPerUserWithinItsWindow() {
            try (ProactiveScenario scenario = scenario(restraint(100, Duration.ofMinutes(10), 1,
                    Duration.ofMillis(1)))) {
                // given
                learned(scenario, "s-1", "ana", "a", "first");
                scenario.clock.advance(Duration.ofSeconds(1));

                // when
                learned(scenario, "s-2", "ana", "b", "second");
                learned(scenario, "s-2", "ben", "b", "for someone else");

                // then
                assertThat(scenario.suggestions()).hasSize(2);
                assertThat(scenario.heldBack("user_rate_limit")).isEqualTo(1);
            }
        }

        @Test
        void nothingButRemindersDuringTheQuietHoursEvenAcrossMidnight() {
            ProactiveProperties.Restraint quiet = new ProactiveProperties.Restraint(null, null, null, null, null,
                    null, null, LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("Europe/Lisbon"));
            try (ProactiveScenario scenario = scenario(quiet)) {
                // given 12:00 UTC is 12:00 in Lisbon in November
                learned(scenario, "s-1", "ana", "noon", "at noon");
                scenario.clock.advance(Duration.ofHours(11));

                // when 23:00
                learned(scenario, "s-1", "ana", "late", "late at night");
                scenario.receive(scenario.event(EventKeys.TOOLS_REMINDER_DUE, "s-1", "ana",
                        new ReminderDue("rem-1", "take the pills", Instant.parse("2026-11-27T23:00:00Z"), "ana")));

                // then
                assertThat(scenario.suggestions()).extracting(ProactiveSuggestion::kind)
                        .containsExactly("noon", "reminder");
                assertThat(scenario.heldBack("quiet_hours")).isEqualTo(1);
            }
        }
    }

    @Nested
    class Feedback {

        @Test
        void eachDismissalDoublesTheCooldownOfItsKindAndAnAcceptanceResetsIt() {
            try (ProactiveScenario scenario = scenario(restraint(100, Duration.ofMinutes(1), 100,
                    Duration.ofMinutes(5)))) {
                // given two suggestions of a kind, both dismissed: the kind now waits 20 minutes, not 5
                String first = learned(scenario, "s-1", "ana", "topic", "one");
                feedback(scenario, "s-1", "ana", first, SuggestionFeedback.DISMISSED);
                scenario.clock.advance(Duration.ofMinutes(9));
                learned(scenario, "s-1", "ana", "topic", "too soon after one dismissal");
                scenario.clock.advance(Duration.ofMinutes(2));
                String second = learned(scenario, "s-1", "ana", "topic", "two");
                feedback(scenario, "s-1", "ana", second, SuggestionFeedback.DISMISSED);
                assertThat(scenario.suggestions()).hasSize(2);

                // when
                scenario.clock.advance(Duration.ofMinutes(19));
                learned(scenario, "s-1", "ana", "topic", "three, too soon");
                scenario.clock.advance(Duration.ofMinutes(2));
                String fourth = learned(scenario, "s-1", "ana", "topic", "four, after twenty minutes");
                feedback(scenario, "s-1", "ana", fourth, SuggestionFeedback.ACCEPTED);
                scenario.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
                learned(scenario, "s-1", "ana", "topic", "five, five minutes after an acceptance");

                // then
                assertThat(scenario.suggestions()).extracting(ProactiveSuggestion::text).allMatch(text ->
                        !text.contains("too soon")).hasSize(4);
                assertThat(scenario.heldBack("cooldown")).isEqualTo(2);
                assertThat(scenario.meters.counter("janus.proactive.feedback", "kind", "topic", "feedback",
                        "dismissed").count()).isEqualTo(2);
            }
        }

        @Test
        void feedbackFromAnotherStreamThanTheSuggestionsChangesNothing() {
            try (ProactiveScenario scenario = scenario(restraint(100, Duration.ofMinutes(1), 100,
                    Duration.ofMinutes(5)))) {
                // given ana's suggestion in her stream, and its id dismissed from someone else's stream
                String offered = learned(scenario, "s-ana", "ana", "topic", "one");
                feedback(scenario, "s-eve", "eve", offered, SuggestionFeedback.DISMISSED);

                // when the kind's cooldown is over
                scenario.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
                learned(scenario, "s-ana", "ana", "topic", "two, after five minutes");

                // then the cooldown was not doubled, and the foreign feedback was counted as such
                assertThat(scenario.suggestions()).hasSize(2);
                assertThat(scenario.meters.counter("janus.proactive.feedback", "kind", "foreign", "feedback",
                        "dismissed").count()).isEqualTo(1);
            }
        }

        @Test
        void feedbackOnAnUnknownSuggestionChangesNothing() {
            try (ProactiveScenario scenario = scenario(ProactiveProperties.defaults().restraint())) {
                // when
                feedback(scenario, "s-1", "ana", "no-such-suggestion", SuggestionFeedback.DISMISSED);

                // then
                assertThat(scenario.meters.counter("janus.proactive.feedback", "kind", "unknown", "feedback",
                        "dismissed").count()).isEqualTo(1);
                assertThat(scenario.published).isEmpty();
            }
        }
    }

    private static ProactiveScenario scenario(ProactiveProperties.Restraint restraint) {
        return new ProactiveScenario(new ProactiveProperties(null, null, null, null, null, null, restraint, null));
    }

    private static ProactiveProperties.Restraint restraint(Integer perStream, Duration streamWindow, Integer perUser,
            Duration cooldown) {
        return new ProactiveProperties.Restraint(perStream, streamWindow, perUser, null, null, cooldown, null, null,
                null, null);
    }

    /** Memory learned a pattern; returns the id of the suggestion made of it, if one was. */
    private static String learned(ProactiveScenario scenario, String streamId, String userId, String kind,
            String description) {
        JanusEvent learned = scenario.receive(scenario.event(EventKeys.MEMORY_PATTERN_DETECTED, streamId, userId,
                new PatternDetected(kind, description, 3, List.of())));
        return scenario.published(EventType.PROACTIVE_SUGGESTION_READY).stream()
                .filter(event -> learned.eventId().equals(event.causationId()))
                .map(JanusEvent::eventId)
                .findFirst()
                .orElse("none");
    }

    private static void feedback(ProactiveScenario scenario, String streamId, String userId, String suggestionId,
            String feedback) {
        scenario.receive(scenario.event(EventKeys.INPUT_SUGGESTION_FEEDBACK, streamId, userId,
                new SuggestionFeedback(suggestionId, feedback)));
    }
}
