package dev.janus.orchestrator.join;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.janus.events.JanusEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryJoinStoreTests extends JoinStoreContractTests {

    private InMemoryJoinStore shared;

    @Override
    JoinStore replica() {
        // Replicas of one JVM share one map: the in-memory store serves the in-memory bus, which has one JVM.
        if (shared == null) {
            shared = new InMemoryJoinStore(Clock.systemUTC(), RETENTION);
        }
        return shared;
    }

    @Test
    void forgetsAFinishedJoinAfterTheRetention() {
        // given
        JanusEvent message = message();
        store.open(Join.open(message, false, List.of(), inAMinute())).opened();
        store.arrive(message.correlationId(), intent(message));

        // when
        store.claimExpired(Instant.now().plus(RETENTION).plusSeconds(1), 100);

        // then
        assertThat(store.find(message.correlationId())).isEmpty();
        assertThat(shared.size()).isZero();
    }

    @Test
    void keepsAnOpenJoinPastTheRetentionUntilItsDeadline() {
        // given
        JanusEvent message = message();
        store.open(Join.open(message, true, List.of(), Instant.now().plus(RETENTION).plus(RETENTION))).opened();

        // when
        store.claimExpired(Instant.now().plus(RETENTION).plusSeconds(1), 100);

        // then
        assertThat(store.find(message.correlationId())).isPresent();
    }
}
