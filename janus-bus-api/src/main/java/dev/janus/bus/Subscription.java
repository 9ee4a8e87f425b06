package dev.janus.bus;

/**
 * A live subscription of a handler to a pattern in a consumer group. Cancelling stops reading new
 * events, lets running handlers finish within the configured shutdown timeout and returns; events
 * not yet handled stay with the group (Redis: pending, reclaimed by another consumer).
 */
public interface Subscription extends AutoCloseable {

    /** The pattern subscribed to. */
    String pattern();

    /** The consumer group this subscription belongs to. */
    String group();

    /** Whether the subscription still receives events. */
    boolean isActive();

    /** Stops receiving; idempotent; blocks up to the shutdown timeout. */
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
