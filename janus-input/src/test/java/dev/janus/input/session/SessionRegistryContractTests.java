package dev.janus.input.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.janus.events.SessionType;
import org.junit.jupiter.api.Test;

/** What every session registry does; subclassed per store. */
abstract class SessionRegistryContractTests {

    protected static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    protected abstract SessionRegistry registry();

    protected static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void storesASessionOnceAndFindsIt() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.MEETING, List.of("ada", "grace"), T0, "ada");

        // when
        boolean created = registry().create(session);
        boolean again = registry().create(session);

        // then
        assertThat(created).isTrue();
        assertThat(again).isFalse();
        assertThat(registry().find(session.sessionId())).contains(session);
    }

    @Test
    void recordsActivityInTheEventBuffer() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0, "ada");
        registry().create(session);

        // when
        registry().update(session.sessionId(), s -> s.recordActivity("event-1", T0.plusSeconds(5)));

        // then
        ActiveSession stored = registry().find(session.sessionId()).orElseThrow();
        assertThat(stored.eventBuffer()).containsExactly("event-1");
        assertThat(stored.lastActivity()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void anUpdatedSessionIsIdleOnlySinceItsLatestActivity() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0, "ada");
        registry().create(session);

        // when
        registry().update(session.sessionId(), s -> s.recordActivity("event-1", T0.plusSeconds(600)));

        // then
        assertThat(registry().idleSince(T0.plusSeconds(60))).doesNotContain(session.sessionId());
        assertThat(registry().idleSince(T0.plusSeconds(601))).contains(session.sessionId());
    }

    @Test
    void listsOnlySessionsIdleSinceTheCutoff() {
        // given
        ActiveSession idle = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0, "ada");
        ActiveSession busy = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0.plusSeconds(600), "ada");
        registry().create(idle);
        registry().create(busy);

        // when
        List<String> found = registry().idleSince(T0.plusSeconds(60));

        // then
        assertThat(found).contains(idle.sessionId()).doesNotContain(busy.sessionId());
    }

    @Test
    void removesASessionExactlyOnce() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.CALL, List.of("ada"), T0, "ada");
        registry().create(session);

        // when
        var first = registry().remove(session.sessionId());
        var second = registry().remove(session.sessionId());

        // then
        assertThat(first).contains(session);
        assertThat(second).isEmpty();
        assertThat(registry().find(session.sessionId())).isEmpty();
        assertThat(registry().idleSince(T0.plusSeconds(3_600))).doesNotContain(session.sessionId());
    }
}
