package dev.janus.orchestrator.planning;

import java.util.List;
import java.util.Map;

import dev.janus.events.ToolCall;
import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The planner's rules (and the spoken durations they read) on hostile text: linear time, whatever the message. */
class ToolPlannerHostileTextTests {

    private final ToolPlanner planner = new ToolPlanner();

    @Example
    void answersTheMessageThatOncePinnedACore() {
        // given: before RE2/J the place rule took minutes on this
        String message = "what time is it in a" + " ".repeat(3_000) + "1";

        // when
        List<ToolCall> calls = assertTimeoutPreemptively(PER_CALL_BOUND, () -> planner.plan(message));

        // then: a time question naming no place it knows
        assertThat(calls).containsExactly(new ToolCall("datetime-1", "datetime", Map.of()));
    }

    @Example
    void seesWordBoundariesOfUnicodeWordsAsBefore() {
        assertThat(planner.plan("what time is it in São Paulo?")).containsExactly(
                new ToolCall("datetime-1", "datetime", Map.of("zone", "America/Sao_Paulo")));
        // "ñwhat" is one word, so it asks nothing
        assertThat(planner.plan("ñwhat time is it")).isEmpty();
    }

    @Property(tries = 60)
    void plansAnyLongMessageWithinTheBound(@ForAll("messages") String message) {
        List<ToolCall> calls = assertTimeoutPreemptively(PER_CALL_BOUND, () -> planner.plan(message));
        assertThat(calls).hasSizeLessThanOrEqualTo(ToolPlanner.MAX_CALLS);
    }

    @Provide
    Arbitrary<String> messages() {
        return HostileText.texts("what time is it", "what's the time", "time in", " in ", " at ", " for ", "tokyo",
                "new york", "now", "remind me", " to ", " that ", "in 5 minutes", "at 9am", "17:30", "timer",
                "set a timer for", "10 minutes", "1 hour and 30 minutes", "half an hour", "an", "and", " times ",
                " plus ", " minus ", " divided by ", "to the power of", "17 * 23", "(2 + 3)", "6x7", "15% of 80",
                "how many", "feet", "are there", "in 3 meters", "5 km in miles", "degrees", "celsius", "9am london time",
                "1990-05-03", "12", "-", "x", "×", "round(1, 100)^9999", "sqrt(", "max(2+3, 1)", "(", ")", ", ");
    }
}
