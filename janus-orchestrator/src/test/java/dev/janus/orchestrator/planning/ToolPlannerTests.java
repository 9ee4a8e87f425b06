package dev.janus.orchestrator.planning;

import java.util.List;
import java.util.Map;

import dev.janus.events.ToolCall;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ToolPlannerTests {

    private final ToolPlanner planner = new ToolPlanner();

    @Nested
    class Calculator {

        @Test
        void plansTheExpressionOfAnArithmeticQuestion() {
            // when
            List<ToolCall> calls = planner.plan("what is 17 * 23?");

            // then
            assertThat(calls).containsExactly(new ToolCall("calculator-1", "calculator", Map.of("expression", "17 * 23")));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                How much is 12 plus 30?          | 12 + 30
                what's 8 times 9                 | 8 * 9
                6x7                              | 6 * 7
                100 divided by 4                 | 100 / 4
                (2 + 3) * 4 please               | (2 + 3) * 4
                what is (17*23)?                 | (17*23)
                2 to the power of 10             | 2 ^ 10
                what is 15% of 80?               | 15 / 100 * 80
                compute 3.5 - -1.25              | 3.5 - -1.25
                """)
        void writesOperatorWordsAsSymbols(String text, String expression) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).extracting(ToolCall::name).containsExactly("calculator");
            assertThat(calls.get(0).arguments()).containsEntry("expression", expression);
        }

        @ParameterizedTest
        @ValueSource(strings = { "hello there", "my birthday is 1990-05-03", "I have 3 cats", "meet me at 10/12/2025",
                "what is my name?" })
        void plansNothingWithoutAnExpression(String text) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                round(1, 100)^9999                  | round(1, 100)^9999
                what is sqrt(16) + 2?               | sqrt(16) + 2
                2 * max(3, 4 + 1) please            | 2 * max(3, 4 + 1)
                """)
        void takesACallOfTheCalculatorsFunctionsWhole(String text, String expression) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then: the calculator answers the question asked, or says which of its limits it breaks
            assertThat(calls).containsExactly(new ToolCall("calculator-1", "calculator", Map.of("expression", expression)));
        }

        @ParameterizedTest
        @ValueSource(strings = { "what is max(2+3, 1)?", "sqrt(abs(2 + 3)) please", "foo(16) + 2", "round(1, (100))^9999",
                "max(1, 2+3)" })
        void plansNothingForPartOfACallItCannotReadWhole(String text) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then: "2+3" or "100))^9999" would be another question, or none
            assertThat(calls).isEmpty();
        }

        @Test
        void numbersTheCallsOfOneTool() {
            // when
            List<ToolCall> calls = planner.plan("what is 2 + 2 and 3 * 3?");

            // then
            assertThat(calls).extracting(ToolCall::callId).containsExactly("calculator-1", "calculator-2");
            assertThat(calls).extracting(call -> call.arguments().get("expression")).containsExactly("2 + 2", "3 * 3");
        }
    }

    @Nested
    class Datetime {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                what time is it in Tokyo           | Asia/Tokyo
                What time is it in New York?       | America/New_York
                what's the time in London right now | Europe/London
                current time in san francisco      | America/Los_Angeles
                what is the time in Europe/Paris?  | Europe/Paris
                what time is it in UTC             | UTC
                local time in Buenos Aires         | America/Argentina/Buenos_Aires
                """)
        void plansTheZoneOfTheNamedPlace(String text, String zone) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).containsExactly(new ToolCall("datetime-1", "datetime", Map.of("zone", zone)));
        }

        @Test
        void plansNoZoneWhenNoPlaceIsNamed() {
            // when
            List<ToolCall> calls = planner.plan("What time is it?");

            // then
            assertThat(calls).containsExactly(new ToolCall("datetime-1", "datetime", Map.of()));
        }

        @Test
        void plansNothingForAPlaceItCannotPlace() {
            // when
            List<ToolCall> calls = planner.plan("what time is it in Atlantis?");

            // then
            assertThat(calls).isEmpty();
        }

        @Test
        void ignoresOtherQuestionsThatMentionTime() {
            // when
            List<ToolCall> calls = planner.plan("remind me what time the meeting starts");

            // then
            assertThat(calls).isEmpty();
        }
    }

    @Nested
    class Units {

        @Test
        void plansAConversionWithCanonicalSymbols() {
            // when
            List<ToolCall> calls = planner.plan("5 km in miles");

            // then
            assertThat(calls).containsExactly(new ToolCall("units-1", "units",
                    Map.of("value", 5, "from", "km", "to", "mi")));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                convert 100 fahrenheit to celsius      | 100 | F  | C
                how many feet are in 3 meters?         | 3   | m  | ft
                2.5 kg to lbs                          | 2.5 | kg | lb
                12 in to cm                            | 12  | in | cm
                how many pounds is 10 kilograms        | 10  | kg | lb
                -40 degrees C in F                     | -40 | C  | F
                """)
        void readsTheValueAndBothUnits(String text, String value, String from, String to) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).extracting(ToolCall::name).containsExactly("units");
            Map<String, Object> arguments = calls.get(0).arguments();
            assertThat(((Number) arguments.get("value")).doubleValue()).isEqualTo(Double.parseDouble(value));
            assertThat(arguments).containsEntry("from", from).containsEntry("to", to);
        }

        @ParameterizedTest
        @ValueSource(strings = { "", ".5" })
        void plansANumberPastADoublesRangeAsAWholeNumberSoTheToolCanSayItIsOutOfRange(String fraction) {
            // given
            String digits = "1".repeat(400);

            // when
            List<ToolCall> calls = planner.plan("convert " + digits + fraction + " km to miles");

            // then: a double would be Infinity, which an event carries as the string "Infinity"
            assertThat(calls).singleElement().satisfies(call -> assertThat(call.arguments())
                    .containsEntry("value", new java.math.BigInteger(digits)));
        }

        @ParameterizedTest
        @ValueSource(strings = { "5 km in kilograms", "I have 3 cats in London", "convert 5 km to km" })
        void plansNothingForUnknownOrIncompatibleUnits(String text) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).isEmpty();
        }
    }

    @Nested
    class TimeZoneConversion {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                what is 9am London time in Tokyo?        | 9am   | Europe/London    | Asia/Tokyo
                convert 17:30 new york time to paris time | 17:30 | America/New_York | Europe/Paris
                9 pm in Berlin to UTC                    | 9pm   | Europe/Berlin    | UTC
                """)
        void plansTheTimeAndBothZones(String text, String time, String from, String zone) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).containsExactly(new ToolCall("datetime-1", "datetime",
                    Map.of("time", time, "from", from, "zone", zone)));
        }
    }

    @Nested
    class Timer {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                set a timer for 10 minutes                | 600
                Start a timer for 90 seconds please       | 90
                timer for 1 hour and 30 minutes           | 5400
                set a 5 minute timer                      | 300
                set a timer for half an hour              | 1800
                put on a timer for an hour                | 3600
                """)
        void plansTheDurationInSeconds(String text, long seconds) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).containsExactly(new ToolCall("timer-1", "timer", Map.of("seconds", seconds)));
        }

        @ParameterizedTest
        @ValueSource(strings = { "the timer went off", "how long is a timer", "set a timer" })
        void plansNothingWithoutADuration(String text) {
            assertThat(planner.plan(text)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "set a timer for 99999999999999999999 seconds", "set a timer for 100000 hours",
                "set a timer for 1" + "000000000000000000000000000000000000000000000000000000000000000000000000 hours" })
        void plansATimerLongerThanAnyClockRunsSoTheToolRefusesItAndExpectsNoWaitForIt(String text) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then the tool is asked (it answers that the timer is too long), at once: no deadline overflows
            assertThat(calls).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo("timer");
                assertThat(((Number) call.arguments().get("seconds")).longValue()).isGreaterThan(7 * 86_400L);
                assertThat(ToolPlanner.expectedRunTime(call)).isEqualTo(java.time.Duration.ZERO);
            });
        }

        @org.junit.jupiter.api.Test
        void expectsNoWaitForATimerOfAnyNumberOfSecondsThatNoClockRuns() {
            for (Number seconds : List.<Number>of(Long.MAX_VALUE, new java.math.BigInteger("99999999999999999999"),
                    Double.POSITIVE_INFINITY, -5, 0)) {
                assertThat(ToolPlanner.expectedRunTime(new ToolCall("timer-1", "timer", Map.of("seconds", seconds))))
                        .as("%s seconds", seconds).isEqualTo(java.time.Duration.ZERO);
            }
            assertThat(ToolPlanner.expectedRunTime(new ToolCall("timer-1", "timer", Map.of("seconds", 7 * 86_400))))
                    .isEqualTo(java.time.Duration.ofDays(7));
        }
    }

    @Nested
    class Reminder {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                remind me in 5 minutes to call Maria            | call Maria        | 300
                Remind me in 2 hours to water the plants.       | water the plants  | 7200
                remind me to stretch in 30 seconds              | stretch           | 30
                please remind me after 1 hour about the Oven!   | the Oven          | 3600
                """)
        void plansTheTextAndTheDelay(String text, String reminder, long seconds) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).containsExactly(new ToolCall("reminder-1", "reminder",
                    Map.of("text", reminder, "in_seconds", seconds)));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                remind me at 17:30 to call Maria      | call Maria   | 17:30
                remind me at 5pm to leave for the train | leave for the train | 5pm
                remind me to buy milk at 9:15 am      | buy milk     | 9:15am
                """)
        void plansTheTextAndTheTimeOfDay(String text, String reminder, String at) {
            // when
            List<ToolCall> calls = planner.plan(text);

            // then
            assertThat(calls).containsExactly(new ToolCall("reminder-1", "reminder", Map.of("text", reminder, "at", at)));
        }

        @Test
        void doesNotReadTheReminderTextAsArithmetic() {
            assertThat(planner.plan("remind me in 10 minutes to check 2 + 2")).extracting(ToolCall::name)
                    .containsExactly("reminder");
        }
    }

    @Test
    void plansEveryToolAMessageNeeds() {
        // when
        List<ToolCall> calls = planner.plan("what is 2 * 21, and what time is it in Tokyo?");

        // then
        assertThat(calls).extracting(ToolCall::name).containsExactly("calculator", "datetime");
    }

    @org.junit.jupiter.api.Test
    void expectsATimerToRunForItsLengthAndEveryOtherCallToAnswerAtOnce() {
        assertThat(ToolPlanner.expectedRunTime(planner.plan("set a timer for 3 minutes").get(0)))
                .isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(ToolPlanner.expectedRunTime(planner.plan("what is 17 * 23?").get(0)))
                .isEqualTo(java.time.Duration.ZERO);
    }
}
