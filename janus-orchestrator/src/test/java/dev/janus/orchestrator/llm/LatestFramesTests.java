package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.VideoContent;
import dev.janus.testkit.EventFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatestFramesTests {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3 };

    private final LatestFrames frames = new LatestFrames(Duration.ofSeconds(30), 2, Clock.fixed(NOW, ZoneOffset.UTC));

    static JanusEvent frame(String streamId, byte[] data, String mimeType, long sequence, Instant at) {
        JanusEvent created = JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, streamId,
                new VideoContent(data, mimeType, sequence), EventContext.from(EventFixtures.TEST_SOURCE));
        return new JanusEvent(created.eventId(), streamId, EventType.INPUT_VIDEO_FRAME, at, created.content(),
                created.context(), created.traceId(), created.correlationId(), null, created.schemaVersion());
    }

    @Test
    void handsOutTheNewestFrameOfTheStream() {
        // when
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 1, NOW.minusSeconds(2)));
        frames.onFrame(frame("s-1", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 9 }, "image/jpeg", 2,
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
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 7, NOW.minusSeconds(1)));
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 6, NOW.minusSeconds(3)));

        // then
        assertThat(frames.recent("s-1")).hasValueSatisfying(frame -> assertThat(frame.sequence()).isEqualTo(7));
    }

    @Test
    void doesNotHandOutAFrameOlderThanTheMaximumAge() {
        // when
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 1, NOW.minusSeconds(31)));
        frames.onFrame(frame("s-2", JPEG, "image/jpeg", 1, NOW.minusSeconds(30)));

        // then
        assertThat(frames.recent("s-1")).isEmpty();
        assertThat(frames.recent("s-2")).isPresent();
    }

    @Test
    void dropsStaleFramesAsNewOnesArrive() {
        // given
        frames.onFrame(frame("s-old", JPEG, "image/jpeg", 1, NOW.minusSeconds(60)));

        // when
        frames.onFrame(frame("s-new", JPEG, "image/jpeg", 1, NOW));

        // then
        assertThat(frames.holds("s-old")).isFalse();
        assertThat(frames.size()).isEqualTo(1);
    }

    @Test
    void keepsAtMostTheConfiguredStreamsDroppingTheLeastRecentlyUpdated() {
        // given
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 1, NOW));
        frames.onFrame(frame("s-2", JPEG, "image/jpeg", 1, NOW));
        frames.onFrame(frame("s-1", JPEG, "image/jpeg", 2, NOW));

        // when
        frames.onFrame(frame("s-3", JPEG, "image/jpeg", 1, NOW));

        // then
        assertThat(frames.size()).isEqualTo(2);
        assertThat(frames.recent("s-2")).isEmpty();
        assertThat(frames.recent("s-1")).isPresent();
        assertThat(frames.recent("s-3")).isPresent();
    }

    @Test
    void ignoresFramesThatAreNotJpeg() {
        // when
        frames.onFrame(frame("s-1", new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png", 1, NOW));

        // then
        assertThat(frames.holds("s-1")).isFalse();
    }
}
