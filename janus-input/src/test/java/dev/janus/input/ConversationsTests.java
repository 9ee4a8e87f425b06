package dev.janus.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.SessionType;
import dev.janus.events.StreamEnded;
import dev.janus.input.session.InMemorySessionRegistry;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationsTests {

    private final EventTestHarness harness = new EventTestHarness();
    private final InMemorySessionRegistry sessions = new InMemorySessionRegistry();

    @AfterEach
    void close() {
        harness.close();
    }

    private Conversations at(Instant now) {
        return new Conversations(harness.eventBus(), sessions, InputProperties.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void endsSessionsIdleLongerThanTheTimeout() throws Exception {
        // given
        Instant start = Instant.parse("2026-11-27T12:00:00Z");
        String idle = at(start).open(SessionType.CHAT, List.of("ada"), "rest", "ada").sessionId();
        String active = at(start).open(SessionType.CHAT, List.of("grace"), "rest", "grace").sessionId();
        at(start.plus(Duration.ofMinutes(25))).accept(active, "still here", "grace", "chat", "grace", event -> { });

        // when: 31 minutes after the start, with the 30-minute default timeout
        int ended = at(start.plus(Duration.ofMinutes(31))).expireIdleSessions();

        // then
        assertThat(ended).isEqualTo(1);
        JanusEvent endedEvent = harness.awaitEvent(EventType.INPUT_STREAM_ENDED, event -> event.streamId().equals(idle),
                Duration.ofSeconds(5));
        assertThat(endedEvent.contentAs(StreamEnded.class).reason()).isEqualTo("idle");
        assertThat(sessions.find(active)).isPresent();
        assertThat(sessions.find(idle)).isEmpty();
    }

    @Test
    void publishesNothingForRejectedInput() {
        // given
        Conversations conversations = at(Instant.now());

        // when / then
        assertThatThrownBy(() -> conversations.accept("s", " ", null, "chat", "ada", event -> { }))
                .isInstanceOf(InputRejectedException.class).hasMessageContaining("text must not be empty");
        assertThatThrownBy(() -> conversations.accept("bad stream", "hi", null, "chat", "ada", event -> { }))
                .isInstanceOf(InputRejectedException.class).hasMessageStartingWith("stream_id must be");
        // the in-memory bus records every publish synchronously in its history
        assertThat(((dev.janus.bus.EventHistory) harness.eventBus())
                .recentEvents(dev.janus.bus.EventPattern.ALL, null, 10)).isEmpty();
    }
}
