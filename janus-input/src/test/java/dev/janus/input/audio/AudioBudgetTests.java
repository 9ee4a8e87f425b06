package dev.janus.input.audio;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AudioBudgetTests {

    private static final JanusPrincipal ADA = new JanusPrincipal("ada", Set.of(Role.USER));
    private static final JanusPrincipal BOB = new JanusPrincipal("bob", Set.of(Role.USER));

    /** 1 s of audio per second, 3 s at once. */
    private final VoiceProperties settings = new VoiceProperties(null, null, null, null, null, 1.0, Duration.ofSeconds(3));
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aPrincipalMaySendItsBurstAtOnceThenAudioAsFastAsItIsSpoken() {
        AudioBudget budget = new AudioBudget(true, settings, nanos::get);

        // 3 s at 16 kHz fit at once, in three frames; a fourth second does not (the budget is in seconds: 8 kHz alike)
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take(ADA, 16_000, 16_000)).isEmpty();
        }
        assertThat(budget.take(ADA, 8_000, 8_000)).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("'ada'", "janus.input.voice.max-audio-rate", "fits in 1000 ms"));
        // bob's budget is his own
        assertThat(budget.take(BOB, 48_000, 16_000)).isEmpty();

        // half a second later half a second fits, and no more
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(budget.take(ADA, 8_000, 16_000)).isEmpty();
        assertThat(budget.take(ADA, 160, 16_000)).isPresent();
    }

    @Test
    void withoutKeysNothingIsLimited() {
        AudioBudget budget = new AudioBudget(false, settings, nanos::get);

        for (int i = 0; i < 100; i++) {
            assertThat(budget.take(ADA, 48_000, 16_000)).isEmpty();
        }
    }

    @Test
    void aBurstShorterThanTheLargestFrameIsRefusedAtStartUp() {
        // 32,768 bytes at 8 kHz are 2.048 s of audio
        assertThatIllegalArgumentException().isThrownBy(() -> new VoiceProperties(null, 32_768, null, null, null, 1.0,
                Duration.ofSeconds(2))).withMessageContaining("janus.input.voice.audio-burst")
                .withMessageContaining("max-frame-bytes");
    }
}
