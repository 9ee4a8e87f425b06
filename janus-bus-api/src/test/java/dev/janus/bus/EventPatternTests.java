package dev.janus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.janus.events.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventPatternTests {

    @Nested
    class Matching {

        @Test
        void exactPatternMatchesOnlyItsType() {
            EventPattern pattern = EventPattern.of("input.message.received");

            assertThat(pattern.matches(EventType.INPUT_MESSAGE_RECEIVED)).isTrue();
            assertThat(pattern.matches(EventType.INPUT_STREAM_ENDED)).isFalse();
            assertThat(pattern.isExact()).isTrue();
        }

        @Test
        void prefixWildcardMatchesItsFamilyButNotLookalikes() {
            EventPattern pattern = EventPattern.of("input.*");

            assertThat(pattern.matches("input.message.received")).isTrue();
            assertThat(pattern.matches("input.audio.chunk")).isTrue();
            assertThat(pattern.matches("inputs.message")).isFalse();
            assertThat(pattern.matches("orchestrator.intent.classified")).isFalse();
            assertThat(pattern.isExact()).isFalse();
        }

        @Test
        void starMatchesEverything() {
            assertThat(EventType.values()).allMatch(EventPattern.ALL::matches);
            assertThat(EventPattern.ALL.matches("some.future.type")).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "input.", "input*", "*.received", "Input.Message", "input..x", "input.*.x" })
    void rejectsMalformedPatternsSayingWhatIsAccepted(String malformed) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventPattern.of(malformed))
                .withMessageContaining("prefix like 'input.*'");
    }
}
