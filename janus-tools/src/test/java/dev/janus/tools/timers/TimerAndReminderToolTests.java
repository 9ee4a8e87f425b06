package dev.janus.tools.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.tools.registry.CallOrigin;
import dev.janus.tools.registry.ProgressListener;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimerAndReminderToolTests {

    @Nested
    class Timer {

        private final TimerTool timer = new TimerTool(Clock.systemUTC(), Duration.ofHours(1), Duration.ofMillis(100));

        @Test
        void reportsProgressUntilTheTimeIsUp() throws Exception {
            List<Double> fractions = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            ProgressListener progress = (fraction, message) -> {
                fractions.add(fraction);
                messages.add(message);
            };
            String output = timer.execute(new ToolInvocation("t", CallOrigin.DIRECT, Map.of("seconds", 1), progress));
            assertThat(output).isEqualTo("Time is up: the timer for 1 second is done.");
            assertThat(fractions).hasSizeGreaterThanOrEqualTo(2).isSorted().allMatch(f -> f >= 0 && f <= 1);
            assertThat(messages.get(0)).isEqualTo("The timer for 1 second started; 1 second left.");
            assertThat(messages.get(1)).endsWith("left on the timer for 1 second.");
        }

        @Test
        void hasATimeoutJustLongerThanItsDuration() {
            assertThat(timer.timeout(Map.of("seconds", 600), Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(610));
        }

        @Test
        void refusesTimersLongerThanTheMaximum() {
            assertThatThrownBy(() -> timer.execute(ToolInvocation.of(Map.of("seconds", 7200))))
                    .isInstanceOf(ToolFailure.class).hasMessage("arguments.seconds must be 1..3600, but was 7200");
        }

        @Test
        void refusesTimersOfMoreSecondsThanALongHoldsAndDoesNotWrapThemAround() {
            // 2^64 + 600 seconds: its low 64 bits would be a 10-minute timer
            java.math.BigInteger seconds = java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(600));
            assertThatThrownBy(() -> timer.execute(ToolInvocation.of(Map.of("seconds", seconds))))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessage("arguments.seconds must be 1..3600, but was 18446744073709552216");
            assertThatThrownBy(() -> timer.execute(ToolInvocation.of(Map.of("seconds", Long.MAX_VALUE))))
                    .isInstanceOf(ToolFailure.class).hasMessageStartingWith("arguments.seconds must be 1..3600");
        }

        @Test
        void speaksDurations() {
            assertThat(Durations.spoken(Duration.ofSeconds(5400))).isEqualTo("1 hour 30 minutes");
            assertThat(Durations.spoken(Duration.ofMinutes(10))).isEqualTo("10 minutes");
        }
    }

    @Nested
    class Reminders {

        private final Instant now = Instant.parse("2026-11-27T16:05:00Z");
        private final InMemoryReminderStore store = new InMemoryReminderStore();
        private final ReminderTool tool = new ReminderTool(store, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(30),
                ZoneOffset.UTC, 3);

        private String remind(Map<String, Object> arguments) throws Exception {
            return tool.execute(new ToolInvocation("reminder-1", CallOrigin.DIRECT, arguments, ProgressListener.NONE));
        }

        @Test
        void setsAReminderSecondsFromNow() throws Exception {
            assertThat(remind(Map.of("text", "call Maria", "in_seconds", 300)))
                    .isEqualTo("I'll remind you to call Maria at 16:10 on Friday, 27 November 2026 UTC (in 5 minutes).");
            assertThat(store.claimDue(now.plusSeconds(300), Duration.ofSeconds(30), 10)).singleElement()
                    .satisfies(reminder -> assertThat(reminder.text()).isEqualTo("call Maria"));
        }

        @Test
        void setsAReminderAtTheNextSuchTimeOfDayInAZone() throws Exception {
            assertThat(remind(Map.of("text", "leave", "at", "17:30", "zone", "Europe/Berlin")))
                    .isEqualTo("I'll remind you to leave at 17:30 on Friday, 27 November 2026 Europe/Berlin time (in 25 minutes).");
            assertThat(remind(Map.of("text", "sleep", "at", "9am"))).contains("09:00 on Saturday, 28 November 2026 UTC");
        }

        @Test
        void refusesAUsersReminderPastTheMostThatMayWaitForThem() throws Exception {
            // given ada's three reminders, the most (max-per-user 3 here)
            for (int i = 0; i < 3; i++) {
                remindAs("ada", "request-" + i);
            }

            // when / then her fourth is refused, saying why and what to do; bob's is not
            assertThatThrownBy(() -> remindAs("ada", "request-3")).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("janus.tools.reminders.max-per-user").hasMessageContaining("let one go off");
            remindAs("bob", "request-4");
            assertThat(store.pendingOf("ada")).isEqualTo(3);
            assertThat(store.pendingOf("bob")).isEqualTo(1);
        }

        private String remindAs(String userId, String requestId) throws Exception {
            CallOrigin origin = new CallOrigin(requestId, "conversation", requestId, "0af7651916cd43dd8448eb211c80319c",
                    userId, "chat");
            return tool.execute(new ToolInvocation("reminder-1", origin, Map.of("text", "stretch", "in_seconds", 600),
                    ProgressListener.NONE));
        }

        @Test
        void keepsOneReminderForOneCallOfOneRequest() throws Exception {
            remind(Map.of("text", "call Maria", "in_seconds", 300));
            remind(Map.of("text", "call Maria", "in_seconds", 300));
            assertThat(store.pending()).isEqualTo(1);
        }

        @Test
        void refusesToBeGivenBothOrNeitherTime() {
            assertThatThrownBy(() -> remind(Map.of("text", "x"))).isInstanceOf(ToolFailure.class)
                    .hasMessage("give either arguments.in_seconds or arguments.at, but neither was given");
            assertThatThrownBy(() -> remind(Map.of("text", "x", "in_seconds", 5, "at", "17:30")))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("not both");
        }

        @Test
        void refusesAPastDateAndAnUnreadableTime() {
            assertThatThrownBy(() -> remind(Map.of("text", "x", "at", "2020-01-01T10:00:00Z")))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("has passed");
            assertThatThrownBy(() -> remind(Map.of("text", "x", "at", "teatime")))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("arguments.at must be a time of day");
        }

        @Test
        void refusesAReminderFurtherAheadThanTheMaximum() {
            assertThatThrownBy(() -> remind(Map.of("text", "x", "in_seconds", 60 * 86_400)))
                    .isInstanceOf(ToolFailure.class).hasMessage("a reminder can be at most 30 days ahead");
            // seconds past any instant, or more than a long holds, are as far too far ahead, not an exception
            for (Number seconds : List.<Number>of(Long.MAX_VALUE, new java.math.BigInteger("99999999999999999999"))) {
                assertThatThrownBy(() -> remind(Map.of("text", "x", "in_seconds", seconds)))
                        .isInstanceOf(ToolFailure.class).hasMessage("a reminder can be at most 30 days ahead");
            }
            assertThatThrownBy(() -> remind(Map.of("text", "x", "in_seconds", new java.math.BigInteger("-99999999999999999999"))))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessage("arguments.in_seconds must be at least 1, but was -99999999999999999999");
        }
    }
}
