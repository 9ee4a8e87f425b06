package dev.janus.bus.internal;

import dev.janus.bus.EventHistory;

/**
 * The JSON one page of a conversation may carry ({@link EventHistory#MAX_PAGE_BYTES}); its first event is always
 * taken. Not thread-safe: one per page.
 */
public final class PageBudget {

    private long used;

    /** Whether an event of {@code bytes} of JSON still fits the page; counts it when it does. */
    public boolean admits(long bytes) {
        if (used > 0 && used + bytes > EventHistory.MAX_PAGE_BYTES) {
            return false;
        }
        used += bytes;
        return true;
    }
}
