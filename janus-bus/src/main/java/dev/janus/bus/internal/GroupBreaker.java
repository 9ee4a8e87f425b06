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
 * slow handling or another state ends the run. Failures and slow handlings are always recorded, so none is ever
 * hidden; the count and a generation share one word, so a success counted before a failure on another lane ended
 * the run is not carried into the next one (at worst, a success counted as the failure is recorded lets the failure
 * stay in the window a little longer than a breaker told of every success would keep it — erring towards opening).
 * <p>
 * It must be the only one to record on its breaker and nothing may reset it, as the bus's are: a breaker emptied
 * behind its back would stay empty of successes. A breaker with a time-based window has every outcome recorded.
 */
public final class GroupBreaker {

    private final CircuitBreaker breaker;
    /** Whether successes may be spared: only a count-based window's content is known from the outcomes alone. */
    private final boolean sparesSuccesses;
    private final int window;
    private final long slowNanos;
    /** The generation (high 32 bits) and its run of fast successes recorded in the closed state (low 32 bits). */
    private final AtomicLong run = new AtomicLong();

    /** Wraps the group's breaker; only a count-based window (the bus's breakers have one) is spared successes. */
    public GroupBreaker(CircuitBreaker breaker) {
        var config = breaker.getCircuitBreakerConfig();
        this.breaker = breaker;
        this.sparesSuccesses = config.getSlidingWindowType() == SlidingWindowType.COUNT_BASED;
        this.window = config.getSlidingWindowSize();
        this.slowNanos = config.getSlowCallDurationThreshold().toNanos();
    }

    /** Whether a handling may start now (false while the breaker is open). */
    public boolean tryAcquirePermission() {
        return breaker.tryAcquirePermission();
    }

    /** A handling that succeeded after {@code elapsedNanos}. */
    public void succeeded(long elapsedNanos) {
        if (!sparesSuccesses) {
            breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            return;
        }
        long before = run.get();
        // Resilience4j counts a handling as slow when it took longer than the threshold
        boolean counts = elapsedNanos <= slowNanos && breaker.getState() == CircuitBreaker.State.CLOSED;
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

    /** A handling that was let start but has no outcome (interrupted): its permission is given back. */
    public void released() {
        breaker.releasePermission();
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
