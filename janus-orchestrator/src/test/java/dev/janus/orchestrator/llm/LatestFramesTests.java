package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.VideoContent;
import dev.janus.testkit.EventFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatestFramesTests {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3 };

    private final LatestFrames frames = new LatestFrames(Duration.ofSeconds(30), 2, Clock.fixed(NOW, ZoneOffset.UTC));

    private void see(JanusEvent frame) {
        frames.onFrame(frame, frame.content(EventKeys.INPUT_VIDEO_FRAME));
    }

    static JanusEvent frame(String streamId, byte[] data, String mimeType, long sequence, Instant at) {
        return JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, streamId, new VideoContent(data, mimeType, sequence),
                EventContext.from(EventFixtures.TEST_SOURCE)).withTimestamp(at);
    }

    @Test
    void handsOutTheNewestFrameOfTheStream() {
        // when
        see(frame("s-1", JPEG, "image/jpeg", 1, NOW.minusSeconds(2)));
        see(frame("s-1", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 9 }, "image/jpeg", 2,
                NOW.minusSeconds(1)));

        // then
        assertThat(frames.recent("s-1")).hasValueSatisfying(frame -> {
            assertThat(frame.sequence()).isEqualTo(2);
            assertThat(frame.jpeg()).containsExactly(0xFF, 0xD8, 0xFF, 9);
        });
        assertThat(frames.recent("s-2")).isEmpty();
    }

    @Test
    void keepsTheNewerFrameWhenAnOlderOneArrivesLate() {
        // when
        see(frame("s-1", JPEG, "image/jpeg", 7, NOW.minusSeconds(1)));
        see(frame("s-1", JPEG, "image/jpeg", 6, NOW.minusSeconds(3)));

        // then
        assertThat(frames.recent("s-1")).hasValueSatisfying(frame -> assertThat(frame.sequence()).isEqualTo(7));
    }

    @Test
    void doesNotHandOutAFrameOlderThanTheMaximumAge() {
        // when
        see(frame("s-1", JPEG, "image/jpeg", 1, NOW.minusSeconds(31)));
        see(frame("s-2", JPEG, "image/jpeg", 1, NOW.minusSeconds(30)));

        // then
        assertThat(frames.recent("s-1")).isEmpty();
        assertThat(frames.recent("s-2")).isPresent();
    }

    @Test
    void dropsStaleFramesAsNewOnesArrive() {
        // given
        see(frame("s-old", JPEG, "image/jpeg", 1, NOW.minusSeconds(60)));

        // when
        see(frame("s-new", JPEG, "image/jpeg", 1, NOW));

        // then
        assertThat(frames.holds("s-old")).isFalse();
        assertThat(frames.size()).isEqualTo(1);
    }

    @Test
    void keepsAtMostTheConfiguredStreamsDroppingTheLeastRecentlyUpdated() {
        // given
        see(frame("s-1", JPEG, "image/jpeg", 1, NOW));
        see(frame("s-2", JPEG, "image/jpeg", 1, NOW));
        see(frame("s-1", JPEG, "image/jpeg", 2, NOW));

        // when
        see(frame("s-3", JPEG, "image/jpeg", 1, NOW));

        // then
        assertThat(frames.size()).isEqualTo(2);
        assertThat(frames.recent("s-2")).isEmpty();
        assertThat(frames.recent("s-1")).isPresent();
        assertThat(frames.recent("s-3")).isPresent();
    }

    @Test
    void ignoresFramesThatAreNotJpeg() {
        // when
        see(frame("s-1", new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png", 1, NOW));

        // then
        assertThat(frames.holds("s-1")).isFalse();
    }
}
