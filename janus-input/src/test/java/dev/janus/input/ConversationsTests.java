package dev.janus.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.SessionType;
import dev.janus.input.session.ActiveSession;
import dev.janus.input.session.InMemorySessionRegistry;
import dev.janus.input.session.InMemoryStreamOwners;
import dev.janus.input.session.SessionRegistry;
import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.Role;
import dev.janus.web.security.UserMismatchException;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConversationsTests {

    private final EventTestHarness harness = new EventTestHarness();
    private final InMemorySessionRegistry sessions = new InMemorySessionRegistry();
    private final InMemoryStreamOwners owners = new InMemoryStreamOwners();
    private static final JanusPrincipal ADA = new JanusPrincipal("ada", Set.of(Role.USER));
    private static final JanusPrincipal GRACE = new JanusPrincipal("grace", Set.of(Role.USER));
    private static final JanusPrincipal OPS = new JanusPrincipal("ops", Set.of(Role.USER, Role.ADMIN));

    @AfterEach
    void close() {
        harness.close();
    }

    private Conversations at(Instant now) {
        return new Conversations(harness.eventBus(), sessions, owners, InputProperties.defaults(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void anIdleSessionWhoseEndTheBusRefusedIsKeptAndEndedByTheNextSweep() throws Exception {
        // given an idle session, and a sweep on a bus that refuses events
        Instant start = Instant.parse("2026-11-27T12:00:00Z");
        String idle = at(start).open(SessionType.CHAT, List.of("ada"), "rest", ADA).sessionId();
        Instant later = start.plus(Duration.ofMinutes(31));
        EventTestHarness refusing = new EventTestHarness();
        refusing.close();
        Conversations onRefusingBus = new Conversations(refusing.eventBus(), sessions, owners,
                InputProperties.defaults(), Clock.fixed(later, ZoneOffset.UTC));

        // when
        assertThatThrownBy(onRefusingBus::expireIdleSessions).isInstanceOf(RuntimeException.class);

        // then: the session is still there, and the next sweep ends it and says so
        assertThat(sessions.find(idle)).isPresent();
        assertThat(at(later).expireIdleSessions()).isEqualTo(1);
        assertThat(harness.awaitEvent(EventType.INPUT_STREAM_ENDED, event -> event.streamId().equals(idle),
                Duration.ofSeconds(5)).content(EventKeys.INPUT_STREAM_ENDED).reason()).isEqualTo("idle");
        assertThat(sessions.find(idle)).isEmpty();
    }

    @Test
    void anEndNeitherTheBusNorTheRegistryTookIsPublishedByTheNodesNextSweep() throws Exception {
        // given
        KeptEnd kept = keptEnd();

        // then the node's next sweep publishes its end, once
        assertThat(kept.node().expireIdleSessions()).isEqualTo(1);
        assertThat(harness.awaitEvent(EventType.INPUT_STREAM_ENDED, event -> event.streamId().equals(kept.streamId()),
                Duration.ofSeconds(5)).content(EventKeys.INPUT_STREAM_ENDED).reason()).isEqualTo("closed");
        assertThat(kept.node().expireIdleSessions()).isZero();
    }

    @Test
    void aKeptEndIsDroppedWhenAMessageReopenedItsStreamMeanwhile() {
        // given
        KeptEnd kept = keptEnd();

        // when
        kept.node().accept(kept.streamId(), "back again", "ada", "rest", ADA, event -> { });

        // then its new session is not ended by the old end
        assertThat(kept.node().expireIdleSessions()).isZero();
        assertThat(sessions.find(kept.streamId())).isPresent();
    }

    /**
     * A node that kept a session's end: the client closed the session while Redis was gone (the bus refused the end
     * and the registry could not store the session again); Redis is back.
     */
    private KeptEnd keptEnd() {
        AtomicBoolean redisDown = new AtomicBoolean();
        EventPublisher bus = event -> redisDown.get()
                ? CompletableFuture.failedFuture(new IllegalStateException("Redis is gone"))
                : harness.eventBus().publish(event);
        Conversations node = new Conversations(bus, new StoringFailsWhile(sessions, redisDown), owners,
                InputProperties.defaults(), Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
        String streamId = node.open(SessionType.CHAT, List.of("ada"), "rest", ADA).sessionId();
        redisDown.set(true);
        assertThatThrownBy(() -> node.end(streamId, "closed"))
                .isInstanceOf(Conversations.BusUnavailableException.class);
        assertThat(sessions.find(streamId)).isEmpty();
        redisDown.set(false);
        return new KeptEnd(node, streamId);
    }

    private record KeptEnd(Conversations node, String streamId) {
    }

    /** A session registry that cannot store a session while {@code down} is set, as when Redis is gone. */
    private record StoringFailsWhile(SessionRegistry sessions, AtomicBoolean down) implements SessionRegistry {

        @Override
        public boolean create(ActiveSession session) {
            if (down.get()) {
                throw new IllegalStateException("Redis is gone");
            }
            return sessions.create(session);
        }

        @Override
        public Optional<ActiveSession> find(String sessionId) {
            return sessions.find(sessionId);
        }

        @Override
        public Optional<ActiveSession> update(String sessionId, UnaryOperator<ActiveSession> change) {
            return sessions.update(sessionId, change);
        }

        @Override
        public Optional<ActiveSession> remove(String sessionId) {
            return sessions.remove(sessionId);
        }

        @Override
        public List<String> idleSince(Instant cutoff) {
            return sessions.idleSince(cutoff);
        }

        @Override
        public long count() {
            return sessions.count();
        }
    }

    @Test
    void endsSessionsIdleLongerThanTheTimeout() throws Exception {
        // given
        Instant start = Instant.parse("2026-11-27T12:00:00Z");
        String idle = at(start).open(SessionType.CHAT, List.of("ada"), "rest", ADA).sessionId();
        String active = at(start).open(SessionType.CHAT, List.of("grace"), "rest", GRACE).sessionId();
        at(start.plus(Duration.ofMinutes(25))).accept(active, "still here", "grace", "chat", GRACE, event -> { });

        // when: 31 minutes after the start, with the 30-minute default timeout
        int ended = at(start.plus(Duration.ofMinutes(31))).expireIdleSessions();

        // then
        assertThat(ended).isEqualTo(1);
        JanusEvent endedEvent = harness.awaitEvent(EventType.INPUT_STREAM_ENDED, event -> event.streamId().equals(idle),
                Duration.ofSeconds(5));
        assertThat(endedEvent.content(EventKeys.INPUT_STREAM_ENDED).reason()).isEqualTo("idle");
        assertThat(sessions.find(active)).isPresent();
        assertThat(sessions.find(idle)).isEmpty();
    }

    @Test
    void publishesNothingForRejectedInput() {
        // given
        Conversations conversations = at(Instant.now());

        // when / then
        assertThatThrownBy(() -> conversations.accept("s", " ", null, "chat", ADA, event -> { }))
                .isInstanceOf(InputRejectedException.class).hasMessageContaining("text must not be empty");
        assertThatThrownBy(() -> conversations.accept("bad stream", "hi", null, "chat", ADA, event -> { }))
                .isInstanceOf(InputRejectedException.class).hasMessageStartingWith("stream_id must be");
        // the in-memory bus records every publish synchronously in its history
        assertThat(((dev.janus.bus.EventHistory) harness.eventBus())
                .recentEvents(dev.janus.bus.EventPattern.ALL, null, 10)).isEmpty();
    }

    @Nested
    class StreamsAreOwnedForLife {

        @Test
        void anEndedStreamStaysItsOwnersAndNoOneElseReopensIt() {
            // given: ada used a stream, then ended it
            Conversations conversations = at(Instant.now());
            conversations.accept("kitchen", "hello", null, "rest", ADA, event -> { });
            conversations.end("kitchen", "closed");

            // when / then: grace cannot take it over, ada and an admin can use it again
            assertThat(conversations.access("kitchen", GRACE)).isEqualTo(Conversations.Access.FORBIDDEN);
            assertThatThrownBy(() -> conversations.accept("kitchen", "mine now", null, "rest", GRACE, event -> { }))
                    .isInstanceOf(StreamForbiddenException.class);
            assertThat(conversations.accept("kitchen", "back again", null, "rest", ADA, event -> { }).streamId())
                    .isEqualTo("kitchen");
            assertThat(conversations.access("kitchen", OPS)).isEqualTo(Conversations.Access.USABLE);
        }

        @Test
        void theFirstToAttachOwnsAStreamEvenBeforeItsFirstMessage() {
            // given: grace attaches a socket to a stream id nobody has used
            Conversations conversations = at(Instant.now());
            assertThat(conversations.claim("lobby", GRACE)).isEqualTo(Conversations.Access.USABLE);

            // when / then: ada's first message there is refused, so grace never sees it
            assertThatThrownBy(() -> conversations.accept("lobby", "secret", null, "rest", ADA, event -> { }))
                    .isInstanceOf(StreamForbiddenException.class);
            assertThat(conversations.access("nobody-used-this", ADA)).isEqualTo(Conversations.Access.ABSENT);
        }

        @Test
        void anInvalidStreamIdIsNeverClaimed() {
            Conversations conversations = at(Instant.now());
            assertThatThrownBy(() -> conversations.claim("x".repeat(200), ADA))
                    .isInstanceOf(InputRejectedException.class);
            assertThat(owners.find("x".repeat(200))).isEmpty();
        }
    }

    @Nested
    class UsersAreBoundToPrincipals {

        @Test
        void aMessageIsFromItsPrincipalUnlessItNamesAnotherUser() {
            Conversations conversations = at(Instant.now());
            JanusEvent own = conversations.accept("ada-chat", "hi", null, "rest", ADA, event -> { });
            assertThat(own.context().userId()).isEqualTo("ada");

            assertThatThrownBy(() -> conversations.accept("ada-chat", "What is my secret word?", "grace", "rest", ADA,
                    event -> { })).isInstanceOf(UserMismatchException.class).hasMessageContaining("not as 'grace'");
        }

        @Test
        void anAdminMaySpeakForAnyUser() {
            JanusEvent event = at(Instant.now()).accept("ops-chat", "hi", "grace", "rest", OPS, e -> { });
            assertThat(event.context().userId()).isEqualTo("grace");
        }

        @Test
        void theOwnerOfAMeetingSpeaksForItsDeclaredParticipantsOnly() {
            Conversations conversations = at(Instant.now());
            String meeting = conversations.open(SessionType.MEETING, List.of("ada", "lin"), "rest", ADA).sessionId();

            assertThat(conversations.userFor(ADA, "lin", meeting)).isEqualTo("ada~lin");
            assertThat(conversations.userFor(ADA, "ada", meeting)).isEqualTo("ada");
            assertThatThrownBy(() -> conversations.userFor(ADA, "grace", meeting))
                    .isInstanceOf(UserMismatchException.class);
            // not in someone else's meeting, and not in a chat
            assertThatThrownBy(() -> conversations.userFor(GRACE, "lin", meeting))
                    .isInstanceOf(UserMismatchException.class);
            String chat = conversations.open(SessionType.CHAT, List.of("ada", "lin"), "rest", ADA).sessionId();
            assertThatThrownBy(() -> conversations.userFor(ADA, "lin", chat))
                    .isInstanceOf(UserMismatchException.class);
        }

        @Test
        void aParticipantNamedAfterAnotherPrincipalIsTheOwnersParticipantNeverThatPrincipal() {
            // given: ada declares grace, a principal with a key of her own, as a participant of her meeting
            Conversations conversations = at(Instant.now());
            String meeting = conversations.open(SessionType.MEETING, List.of("ada", "grace"), "rest", ADA).sessionId();

            // when ada's device speaks for "grace"
            JanusEvent event = conversations.accept(meeting, "What is my PIN?", "grace", "rest", ADA, e -> { });

            // then the message is from ada's participant, whose memory is not grace's, and ada may read it
            assertThat(event.context().userId()).isEqualTo("ada~grace");
            assertThat(ADA.mayAccess("ada~grace")).isTrue();
            assertThat(GRACE.mayAccess("ada~grace")).isFalse();
            assertThat(conversations.session(meeting).orElseThrow().hasParticipant("ada~grace")).isTrue();
            assertThat(conversations.session(meeting).orElseThrow().hasParticipant("grace~ada")).isFalse();
        }

        @Test
        void aParticipantIdTooLongOnceInTheOwnersNamespaceIsRefusedSayingWhy() {
            Conversations conversations = at(Instant.now());
            String long128 = "p".repeat(128);
            String meeting = conversations.open(SessionType.MEETING, List.of(long128), "rest", ADA).sessionId();

            assertThatThrownBy(() -> conversations.userFor(ADA, long128, meeting))
                    .isInstanceOf(InputRejectedException.class).hasMessageContaining("use a shorter participant id");
        }
    }
}
