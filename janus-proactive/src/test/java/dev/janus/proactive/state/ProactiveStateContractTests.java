package dev.janus.proactive.state;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ProactiveState} does; subclassed per implementation. */
abstract class ProactiveStateContractTests {

    static final Duration MINUTE = Duration.ofMinutes(1);

    ProactiveState state;
    String key;
    Instant now;

    /** A state; two calls give two replicas that share what they keep. */
    abstract ProactiveState replica();

    @BeforeEach
    void setUp() {
        state = replica();
        key = "test:" + UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Nested
    class Windows {

        @Test
        void countsEachMemberOnceAndReportsTheNewestLast() {
            // when
            state.add(key, "a", now.minusSeconds(3), MINUTE);
            state.add(key, "b", now.minusSeconds(2), MINUTE);
            state.add(key, "a", now.minusSeconds(1), MINUTE);
            ProactiveState.Window window = state.add(key, "c", now, MINUTE);

            // then
            assertThat(window.size()).isEqualTo(3);
            assertThat(window.newest()).containsExactly("a", "b", "c");
        }

        @Test
        void forgetsMembersOlderThanTheWindow() {
            // given
            state.add(key, "old", now.minusSeconds(61), MINUTE);

            // when
            ProactiveState.Window window = state.add(key, "new", now, MINUTE);

            // then
            assertThat(window.newest()).containsExactly("new");
            assertThat(state.size(key, now, MINUTE)).isEqualTo(1);
        }

        @Test
        void admitsUpToTheLimitAndAgainWhatItAdmittedBefore() {
            // when
            boolean first = state.admit(key, "a", now, MINUTE, 2);
            boolean second = state.admit(key, "b", now, MINUTE, 2);
            boolean third = state.admit(key, "c", now, MINUTE, 2);
            boolean firstAgain = state.admit(key, "a", now, MINUTE, 2);

            // then
            assertThat(first).isTrue();
            assertThat(second).isTrue();
            assertThat(third).isFalse();
            assertThat(firstAgain).isTrue();
            assertThat(state.size(key, now, MINUTE)).isEqualTo(2);
        }

        @Test
        void admitsAgainOnceTheOldestLeftTheWindow() {
            // given
            state.admit(key, "a", now.minusSeconds(70), MINUTE, 1);

            // when
            boolean admitted = state.admit(key, "b", now, MINUTE, 1);

            // then
            assertThat(admitted).isTrue();
        }

        @Test
        void clearingForgetsEveryMember() {
            // given
            state.add(key, "a", now, MINUTE);

            // when
            state.clear(key);

            // then
            assertThat(state.size(key, now, MINUTE)).isZero();
        }

        @Test
        void replicasShareWindows() {
            // given
            ProactiveState other = replica();
            state.add(key, "a", now, MINUTE);

            // when
            ProactiveState.Window window = other.add(key, "b", now, MINUTE);

            // then
            assertThat(window.size()).isEqualTo(2);
        }
    }

    @Nested
    class Claims {

        @Test
        void aClaimIsWonOnceAndAgainByItsOwner() {
            // given
            ProactiveState other = replica();

            // when
            boolean won = state.claim(key, "event-1", MINUTE);
            boolean lost = other.claim(key, "event-2", MINUTE);
            boolean redelivered = other.claim(key, "event-1", MINUTE);

            // then
            assertThat(won).isTrue();
            assertThat(lost).isFalse();
            assertThat(redelivered).isTrue();
        }
    }

    @Nested
    class Schedules {

        @Test
        void takesWhatFellDueOnceAcrossReplicas() {
            // given
            ProactiveState other = replica();
            String member = "m-" + UUID.randomUUID();
            state.schedule(member, "payload of " + member, now.minusSeconds(1));

            // when
            var taken = state.takeDue(now, 1_000);
            var takenAgain = other.takeDue(now, 1_000);

            // then
            assertThat(taken).containsEntry(member, "payload of " + member);
            assertThat(takenAgain).doesNotContainKey(member);
        }

        @Test
        void whatWasTakenAndNotUnscheduledIsDueAgainAfterTheLease() {
            // given two checks taken, one of them done with (unscheduled), the other not (its taker failed)
            String done = "done-" + UUID.randomUUID();
            String failed = "failed-" + UUID.randomUUID();
            state.schedule(done, done, now.minusSeconds(1));
            state.schedule(failed, failed, now.minusSeconds(1));
            assertThat(state.takeDue(now, 1_000)).containsKeys(done, failed);
            state.unschedule(done);

            // when
            var withinTheLease = state.takeDue(now.plus(ProactiveState.TAKE_LEASE).minusMillis(1), 1_000);
            var afterIt = state.takeDue(now.plus(ProactiveState.TAKE_LEASE), 1_000);

            // then
            assertThat(withinTheLease).doesNotContainKeys(done, failed);
            assertThat(afterIt).containsEntry(failed, failed).doesNotContainKey(done);
        }

        @Test
        void leavesWhatIsNotDueAndForgetsWhatWasUnscheduled() {
            // given
            String later = "later-" + UUID.randomUUID();
            String cancelled = "cancelled-" + UUID.randomUUID();
            state.schedule(later, later, now.plusSeconds(60));
            state.schedule(cancelled, cancelled, now.minusSeconds(1));

            // when
            state.unschedule(cancelled);
            var taken = state.takeDue(now, 1_000);

            // then
            assertThat(taken).doesNotContainKeys(later, cancelled);
            assertThat(state.takeDue(now.plusSeconds(61), 1_000)).containsKey(later);
        }

        @Test
        void schedulingTwiceKeepsTheFirst() {
            // given
            String member = "m-" + UUID.randomUUID();
            state.schedule(member, "first", now.minusSeconds(1));

            // when
            state.schedule(member, "second", now.minusSeconds(1));

            // then
            assertThat(state.takeDue(now, 1_000)).containsEntry(member, "first");
        }
    }

    @Nested
    class Records {

        @Test
        void keepsARecordUntilItExpires() {
            // when
            state.put(key, Map.of("kind", "reminder"), MINUTE);

            // then
            assertThat(replica().get(key)).contains(Map.of("kind", "reminder"));
            assertThat(state.get("test:absent:" + UUID.randomUUID())).isEmpty();
        }

        @Test
        void aPutReplacesTheRecordKeptUnderItsKey() {
            // given
            state.put(key, Map.of("at", "earlier", "id", "s-1"), MINUTE);

            // when
            replica().put(key, Map.of("at", "later"), MINUTE);

            // then
            assertThat(state.get(key)).contains(Map.of("at", "later"));
        }

        @Test
        void aPutOfNoFieldsKeepsNothing() {
            // given
            state.put(key, Map.of("at", "earlier"), MINUTE);

            // when
            state.put(key, Map.of(), MINUTE);

            // then
            assertThat(replica().get(key)).isEmpty();
        }
    }
}
