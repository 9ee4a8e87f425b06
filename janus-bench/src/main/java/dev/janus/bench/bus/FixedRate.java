package dev.janus.bench.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Paces a loop at a fixed rate by sleeping until each tick is due; a late tick is not made up by bursting. */
public final class FixedRate {

    private final long intervalNanos;
    private final long startNanos;
    private long tick;

    /** Ticks {@code perSecond} times a second, the first one {@code delayMillis} from now. */
    public FixedRate(int perSecond, long delayMillis) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    /** Sleeps until the next tick is due and returns how late it woke, in nanoseconds. */
    public long awaitNext() {
        long due = startNanos + tick++ * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return System.nanoTime() - due;
    }
}
