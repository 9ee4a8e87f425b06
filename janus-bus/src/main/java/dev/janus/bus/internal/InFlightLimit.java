package dev.janus.bus.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A limit on events in flight that wakes a waiter once a share of the limit is free again (half, unless said
 * otherwise), not at every release: a publisher or reader faster than the handlers then sleeps once per share of
 * events instead of once per event (a semaphore wakes its waiter, and makes the releasing handler pay the wake-up,
 * for every event a handler finishes). Thread-safe.
 */
public final class InFlightLimit {

    private final int limit;
    private final int wakeAt;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object room = new Object();
    private volatile int waiting;

    /** At most {@code limit} in flight; a waiter wakes when at most {@code limit / 2} are. */
    public InFlightLimit(int limit) {
        this(limit, limit - limit / 2);
    }

    /** At most {@code limit} in flight; a waiter wakes when {@code room} places (1 to the limit) are free. */
    public InFlightLimit(int limit, int room) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be 1 or more, but was " + limit);
        }
        if (room < 1 || room > limit) {
            throw new IllegalArgumentException("the room a waiter waits for must be 1 to " + limit + ", but was "
                    + room);
        }
        this.limit = limit;
        this.wakeAt = limit - room;
    }

    /**
     * Takes a place, waiting up to {@code timeout} when all are taken; false when none came free in time.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        // the clock is read only once a wait begins: most places are taken without one (reading it for every event
        // was 8 % of the in-memory publisher's CPU)
        long deadline = 0;
        boolean waited = false;
        while (true) {
            int taken = inFlight.get();
            if (taken < limit) {
                if (inFlight.compareAndSet(taken, taken + 1)) {
                    return true;
                }
                continue;
            }
            if (!waited) {
                deadline = System.nanoTime() + timeout.toNanos();
                waited = true;
            }
            if (!awaitAtMost(wakeAt, deadline - System.nanoTime())) {
                return false;
            }
        }
    }

    /**
     * Waits up to {@code timeout} until a waiter's room is free; false when it did not come free in time.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return awaitAtMost(wakeAt, timeout.toNanos());
    }

    /**
     * Waits up to {@code timeout} until nothing is in flight; false when something still was.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        return awaitAtMost(0, timeout.toNanos());
    }

    private boolean awaitAtMost(int count, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (room) {
            waiting++;
            try {
                while (inFlight.get() > count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(room, left);
                }
                return true;
            }
            finally {
                waiting--;
            }
        }
    }

    /**
     * Takes a place without waiting, for the one thread that takes this way and takes no more than {@link #free()}
     * said were free.
     */
    public void take() {
        inFlight.incrementAndGet();
    }

    /** Gives a place back. */
    public void release() {
        int left = inFlight.decrementAndGet();
        if ((left == wakeAt || left == 0) && waiting > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

    /** Whether a publisher or reader waits for room. */
    public boolean isWaitedOn() {
        return waiting > 0;
    }

    /** How many places are taken. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many places are free. */
    public int free() {
        return Math.max(0, limit - inFlight.get());
    }
}
