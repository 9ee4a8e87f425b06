package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

class GroupBreakerTests {

    private static final long FAST = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(20);
    /** Exactly the slow-call threshold, which Resilience4j does not count as slow. */
    private static final long AT_THRESHOLD = TimeUnit.MILLISECONDS.toNanos(10);

    /** The bus's settings, with a slow-call threshold a test can reach and no timer leaving the open state. */
    private static CircuitBreaker breaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .minimumNumberOfCalls(5)
                .slidingWindowSize(20)
                .slowCallDurationThreshold(Duration.ofMillis(10))
                .slowCallRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(4)
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    }

    @Test
    void leavesTheBreakerInTheStateEveryRecordedHandlingWouldHave() {
        // given a breaker told of every handling, and one behind the group's breaker
        CircuitBreaker everyHandling = breaker("every");
        CircuitBreaker behindGroup = breaker("group");
        GroupBreaker group = new GroupBreaker(behindGroup);
        AtomicInteger recordedSuccesses = new AtomicInteger();
        behindGroup.getEventPublisher().onSuccess(success -> recordedSuccesses.incrementAndGet());
        int successes = 0;
        Random random = new Random(7);

        // when both see the same 20,000 handlings: long runs of fast successes, failures, slow ones, and the
        // half-open state whenever the breakers open
        for (int i = 0; i < 20_000; i++) {
            if (everyHandling.getState() == CircuitBreaker.State.OPEN) {
                everyHandling.transitionToHalfOpenState();
                behindGroup.transitionToHalfOpenState();
            }
            boolean permitted = everyHandling.tryAcquirePermission();
            assertThat(group.tryAcquirePermission()).isEqualTo(permitted);
            if (!permitted) {
                continue;
            }
            int roll = random.nextInt(100);
            boolean quiet = (i / 500) % 2 == 0; // stretches of 500 with hardly any trouble, then stretches with much
            if (roll < (quiet ? 1 : 30)) {
                var failure = new IllegalStateException("handler failed");
                everyHandling.onError(FAST, TimeUnit.NANOSECONDS, failure);
                group.failed(FAST, failure);
            }
            else {
                long elapsed = roll < (quiet ? 2 : 40) ? SLOW : roll % 7 == 0 ? AT_THRESHOLD : FAST;
                everyHandling.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                group.succeeded(elapsed);
                successes++;
            }

            // then after each, the two breakers agree on everything the bus and its gauges read
            assertThat(behindGroup.getState()).as("state after handling %d", i).isEqualTo(everyHandling.getState());
            var expected = everyHandling.getMetrics();
            var actual = behindGroup.getMetrics();
            assertThat(actual.getFailureRate()).as("failure rate after handling %d", i)
                    .isEqualTo(expected.getFailureRate());
            assertThat(actual.getSlowCallRate()).isEqualTo(expected.getSlowCallRate());
            assertThat(actual.getNumberOfBufferedCalls()).isEqualTo(expected.getNumberOfBufferedCalls());
            assertThat(actual.getNumberOfFailedCalls()).isEqualTo(expected.getNumberOfFailedCalls());
        }
        // and the group's breaker was spared most of the successes of the quiet stretches
        assertThat(recordedSuccesses.get()).isLessThan(successes * 2 / 3);
    }

    @Test
    void aFailureOnOneLaneLeavesTheWindowWithinAWindowOfSuccessesWhateverTheOtherLanesDo() throws Exception {
        // given a group's breaker shared by four lanes
        CircuitBreaker breaker = breaker("lanes");
        GroupBreaker group = new GroupBreaker(breaker);

        // when the lanes record 200,000 fast successes at once, one in fifty of them a failure instead
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < 4; lane++) {
            int seed = lane;
            lanes.add(CompletableFuture.runAsync(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 50_000; i++) {
                    if (random.nextInt(50) == 0) {
                        group.failed(FAST, new IllegalStateException("handler failed"));
                    }
                    else {
                        group.succeeded(FAST);
                    }
                }
            }));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);

        // then a window of fast successes afterwards leaves no failure in the breaker's window
        for (int i = 0; i < 20; i++) {
            group.succeeded(FAST);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getMetrics().getFailureRate()).isZero();
    }

    @Test
    void aSuccessRecordedBeforeAFailureOnAnotherLaneDoesNotCountTowardsTheRunAfterIt() throws Exception {
        // given a group's breaker with a few successes recorded, and a lane held right after the breaker recorded
        // one more success (the breaker seen through a proxy that waits once after onSuccess returns)
        CircuitBreaker breaker = breaker("held");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean();
        CircuitBreaker holding = (CircuitBreaker) Proxy.newProxyInstance(CircuitBreaker.class.getClassLoader(),
                new Class<?>[] { CircuitBreaker.class }, (proxy, method, arguments) -> {
                    Object result = method.invoke(breaker, arguments);
                    if (method.getName().equals("onSuccess") && holdNext.getAndSet(false)) {
                        inside.countDown();
                        release.await(1, TimeUnit.MINUTES);
                    }
                    return result;
                });
        GroupBreaker group = new GroupBreaker(holding);
        for (int i = 0; i < 5; i++) {
            group.succeeded(FAST);
        }
        holdNext.set(true);
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> group.succeeded(FAST));
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();

        // when another lane's handling fails after that success was recorded and before its lane counted it, then
        // a window's worth of successes follows
        group.failed(FAST, new IllegalStateException("handler failed"));
        release.countDown();
        held.get(1, TimeUnit.MINUTES);
        for (int i = 0; i < 20; i++) {
            group.succeeded(FAST);
        }

        // then all twenty were recorded: the failure has left the window
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void recordsEverySuccessOfABreakerWithATimeBasedWindow() {
        // given a breaker whose window is time-based, where a success ages out on its own
        CircuitBreaker timeBased = CircuitBreaker.of("timed", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .build());
        AtomicInteger recorded = new AtomicInteger();
        timeBased.getEventPublisher().onSuccess(success -> recorded.incrementAndGet());
        GroupBreaker group = new GroupBreaker(timeBased);

        // when 500 handlings succeed
        for (int i = 0; i < 500; i++) {
            group.succeeded(FAST);
        }

        // then the breaker was told of each
        assertThat(recorded).hasValue(500);
    }

    @Test
    void givesAHalfOpenBreakerItsPermitBackForAHandlingWithoutOutcome() {
        // given a half-open breaker that lets 4 handlings probe
        CircuitBreaker breaker = breaker("probing");
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        GroupBreaker group = new GroupBreaker(breaker);

        // when 4 handlings start and are stopped before an outcome
        for (int i = 0; i < 4; i++) {
            assertThat(group.tryAcquirePermission()).isTrue();
            group.released();
        }

        // then the breaker still lets a handling probe
        assertThat(group.tryAcquirePermission()).isTrue();
    }
}
