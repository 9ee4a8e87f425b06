package dev.janus.tools.time;

import java.time.LocalTime;
import java.util.Optional;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Times of day as models and users write them, hostile ones included: read in linear time. */
class TimeOfDayHostileTextTests {

    @Property(tries = 60)
    void readsAnyLongTextWithinTheBound(@ForAll("times") String text) {
        Optional<LocalTime> parsed = assertTimeoutPreemptively(PER_CALL_BOUND, () -> TimeOfDay.parse(text));

        // a time of day is a few characters besides white space, of which any amount may pad it ("  9   am  ")
        if (text.codePoints().filter(c -> !Character.isWhitespace(c)).count() > "12:00:00p.m.".length()) {
            assertThat(parsed).isEmpty();
        }
    }

    @Provide
    Arbitrary<String> times() {
        return HostileText.texts("17:30", "9", "am", "pm", "a.m.", "p.m.", ":", ".", "h", "12:00:00", "noon");
    }
}
