package dev.janus.bus.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InFlightLimitTests {

    @Test
    void aFullLimitLetsAWaiterInOnceHalfIsFree() throws Exception {
        // given a limit of 4, all taken, and a publisher waiting for a place
        InFlightLimit limit = new InFlightLimit(4);
        for (int i = 0; i < 4; i++) {
            assertThat(limit.tryAcquire(Duration.ZERO)).isTrue();
        }
        CompletableFuture<Boolean> waiter = waiting(() -> limit.tryAcquire(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(limit::isWaitedOn);

        // when handlers finish two of the four
        limit.release();
        limit.release();

        // then the waiter takes a place
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(limit.inFlight()).isEqualTo(3);
    }

    @Test
    void aWaiterGivesUpAfterItsTimeoutWhenNothingIsFreed() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        assertThat(limit.tryAcquire(Duration.ZERO)).isTrue();

        assertThat(limit.tryAcquire(Duration.ofMillis(20))).isFalse();
        assertThat(limit.inFlight()).isEqualTo(1);
    }

    @Test
    void aReaderWaitingForRoomWakesOnceItsRoomIsFreeNotAtTheFirstRelease() throws Exception {
        // given a limit of 10 whose reader waits for 4 free places, all taken
        InFlightLimit limit = new InFlightLimit(10, 4);
        for (int i = 0; i < 10; i++) {
            limit.take();
        }
        CompletableFuture<Boolean> reader = waiting(() -> limit.awaitRoom(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(limit::isWaitedOn);

        // when three are released it still waits; the fourth frees its room
        for (int i = 0; i < 3; i++) {
            limit.release();
        }
        assertThat(limit.isWaitedOn()).isTrue();
        assertThat(reader).isNotDone();
        limit.release();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(limit.free()).isEqualTo(4);
    }

    @Test
    void refusesARoomLargerThanTheLimit() {
        assertThatThrownBy(() -> new InFlightLimit(4, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 4");
    }

    @Test
    void aReaderWaitingForNothingInFlightWakesWhenTheLastIsReleased() throws Exception {
        // given a limit of 10 with two in flight, below its room already
        InFlightLimit limit = new InFlightLimit(10, 4);
        limit.take();
        limit.take();
        CompletableFuture<Boolean> reader = waiting(() -> limit.awaitNone(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(limit::isWaitedOn);

        // when one is released it still waits; the last one wakes it
        limit.release();
        assertThat(reader).isNotDone();
        limit.release();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs a wait on another thread. */
    private static CompletableFuture<Boolean> waiting(Wait wait) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return wait.await();
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @FunctionalInterface
    private interface Wait {
        boolean await() throws InterruptedException;
    }
}
