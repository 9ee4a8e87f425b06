package dev.janus.bus.internal;

/**
 * Tells a handler failure that Redis's being out of reach explains, while it still is, from a failure of the
 * handler's own. An engine on Redis supplies it: such a failure is no fault of the event, so the event waits for Redis
 * instead of spending its attempts and being dead-lettered the moment Redis returns.
 */
@FunctionalInterface
public interface OutageCheck {

    /** For an engine without Redis: every failure is the handler's own. */
    OutageCheck NONE = failure -> false;

    /** Whether {@code failure} comes from Redis being out of reach, and Redis is out of reach still. */
    boolean ongoing(Throwable failure);
}
