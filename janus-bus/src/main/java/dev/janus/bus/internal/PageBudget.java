package dev.janus.bus.internal;

import dev.janus.bus.EventHistory;

/**
 * The JSON one read of the history may carry, a page's ({@link EventHistory#MAX_PAGE_BYTES}) unless told otherwise;
 * its first event is always taken. Not thread-safe: one per read.
 */
public final class PageBudget {

    private final long maxBytes;
    private long used;

    /** A page's budget. */
    public PageBudget() {
        this(EventHistory.MAX_PAGE_BYTES);
    }

    /** A budget of {@code maxBytes}; {@link Long#MAX_VALUE} admits everything. */
    public PageBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether the read takes no account of sizes, so that they need not be measured. */
    public boolean unlimited() {
        return maxBytes == Long.MAX_VALUE;
    }

    /** Whether an event of {@code bytes} of JSON still fits; counts it when it does. */
    public boolean admits(long bytes) {
        if (used > 0 && used + bytes > maxBytes) {
            return false;
        }
        used += bytes;
        return true;
    }
}
