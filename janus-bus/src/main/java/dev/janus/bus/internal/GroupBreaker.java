package dev.janus.bus.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * A consumer group's circuit breaker as its lanes use it: Resilience4j's breaker, told of a handled event only when
 * that can change it.
 * <p>
 * The breaker keeps the outcomes of the last {@code sliding-window-size} handlings behind one lock, which every
 * handled event took: with four lanes on two cores, waiting for it was an eighth of the in-memory engine's CPU (a
 * CPU profile). In the closed state a fast success that enters a window holding only fast successes changes
 * nothing: it pushes out another just like it. So this counts the fast successes recorded in the closed state since
 * the last handling that was not one, and once they fill the window it stops recording successes until a failure, a
 * slow handling or another state ends the run. The count and a generation share one word: a success recorded while
 * a failure is being recorded on another lane is not counted, so a counted run never hides a failure.
 */
public final class GroupBreaker {

    private final CircuitBreaker breaker;
    private final int window;
    private final long slowNanos;
    /** The generation (high 32 bits) and its run of fast successes recorded in the closed state (low 32 bits). */
    private final AtomicLong run = new AtomicLong();

    /** Wraps the group's breaker, which must use a count-based window (the bus's breakers do). */
    public GroupBreaker(CircuitBreaker breaker) {
        var config = breaker.getCircuitBreakerConfig();
        if (config.getSlidingWindowType() != SlidingWindowType.COUNT_BASED) {
            throw new IllegalArgumentException("breaker " + breaker.getName() + " must have a count-based window");
        }
        this.breaker = breaker;
        this.window = config.getSlidingWindowSize();
        this.slowNanos = config.getSlowCallDurationThreshold().toNanos();
    }

    /** Whether a handling may start now (false while the breaker is open). */
    public boolean tryAcquirePermission() {
        return breaker.tryAcquirePermission();
    }

    /** A handling that succeeded after {@code elapsedNanos}. */
    public void succeeded(long elapsedNanos) {
        long before = run.get();
        boolean counts = elapsedNanos < slowNanos && breaker.getState() == CircuitBreaker.State.CLOSED;
        if (counts && (int) before >= window) {
            return; // the window holds fast successes only: recording this one would change nothing
        }
        breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
        if (!counts) {
            endRun();
            return;
        }
        for (long now = before; generation(now) == generation(before) && (int) now < window; now = run.get()) {
            if (run.compareAndSet(now, now + 1)) {
                return;
            }
        }
    }

    /** A handling that failed after {@code elapsedNanos}. */
    public void failed(long elapsedNanos, Throwable failure) {
        breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
        endRun();
    }

    private void endRun() {
        run.updateAndGet(now -> (generation(now) + 1) << 32);
    }

    private static long generation(long run) {
        return run >>> 32;
    }
}
