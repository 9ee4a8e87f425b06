package dev.janus.bus.internal;

import org.jspecify.annotations.Nullable;

/**
 * Work queued on a lane of a {@link DeliveryPipeline}: a {@link Delivery}, or an entry as an engine read it, which the
 * lane decodes itself so that decoding runs on every lane in parallel rather than on the one thread that reads.
 */
public interface Arrival {

    /** The lane's key: the conversation the event belongs to, whose events must be handled in order. */
    String laneKey();

    /**
     * The delivery to attempt, decoding it first if need be; null when there is nothing to attempt (the entry could
     * not be decoded, and the engine has dealt with it).
     */
    @Nullable Delivery delivery();

    /** Told instead of {@link #delivery()} when the lanes stop without starting it: it is left for redelivery. */
    void abandon();
}
