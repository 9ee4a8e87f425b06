package dev.janus.bus.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A limit on events in flight that wakes a waiting publisher once half of the limit is free again, not at every
 * release: a publisher faster than the handlers then sleeps once per half-limit of events instead of once per event
 * (a semaphore would wake it for every event a handler finishes). Thread-safe.
 */
public final class InFlightLimit {

    private final int limit;
    private final int wakeAt;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object room = new Object();
    private volatile int waiting;

    /** At most {@code limit} in flight; a waiter wakes when at most {@code limit / 2} are. */
    public InFlightLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be 1 or more, but was " + limit);
        }
        this.limit = limit;
        this.wakeAt = limit / 2;
    }

    /**
     * Takes a place, waiting up to {@code timeout} when all are taken; false when none came free in time.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int taken = inFlight.get();
            if (taken < limit) {
                if (inFlight.compareAndSet(taken, taken + 1)) {
                    return true;
                }
                continue;
            }
            synchronized (room) {
                waiting++;
                try {
                    while (inFlight.get() > wakeAt) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        TimeUnit.NANOSECONDS.timedWait(room, left);
                    }
                }
                finally {
                    waiting--;
                }
            }
        }
    }

    /** Gives a place back. */
    public void release() {
        if (inFlight.decrementAndGet() == wakeAt && waiting > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

    /** Whether a publisher waits for room. */
    public boolean isWaitedOn() {
        return waiting > 0;
    }

    /** How many places are taken. */
    public int inFlight() {
        return inFlight.get();
    }
}
