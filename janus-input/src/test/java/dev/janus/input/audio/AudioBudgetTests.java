package dev.janus.input.audio;

import java.time.Duration;
import java.util.Set;

import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AudioBudgetTests {

    private static final JanusPrincipal ADA = new JanusPrincipal("ada", Set.of(Role.USER));
    private static final JanusPrincipal BOB = new JanusPrincipal("bob", Set.of(Role.USER));

    /** 1 s of audio per second, 2 s at once. */
    private final VoiceProperties settings = new VoiceProperties(null, null, null, null, null, 1.0, Duration.ofSeconds(2));

    @Test
    void aPrincipalMaySendItsBurstAtOnceAndNoMoreAndOthersKeepTheirOwn() {
        AudioBudget budget = new AudioBudget(true, settings);

        // 2 s at 16 kHz fit, in two frames
        assertThat(budget.take(ADA, 16_000, 16_000)).isEmpty();
        assertThat(budget.take(ADA, 16_000, 16_000)).isEmpty();
        // another second at once does not (at 8 kHz: the budget is in seconds, not samples), while bob's is his own
        assertThat(budget.take(ADA, 8_000, 8_000)).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("'ada'", "janus.input.voice.max-audio-rate", "dropped"));
        assertThat(budget.take(BOB, 32_000, 16_000)).isEmpty();
    }

    @Test
    void withoutKeysNothingIsLimited() {
        AudioBudget budget = new AudioBudget(false, settings);

        for (int i = 0; i < 100; i++) {
            assertThat(budget.take(ADA, 48_000, 16_000)).isEmpty();
        }
    }
}
