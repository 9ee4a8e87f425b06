package dev.janus.input.video;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code n} frames per stream and second on this node: a frame is taken when at least {@code 1/n} s passed
 * since the last one taken for its stream (so a burst is not saved up). The socket node is the only one that sees
 * a stream's frames, so the limit needs no shared state.
 */
public final class FrameRateLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> lastTaken = new ConcurrentHashMap<>();

    public FrameRateLimiter(int framesPerSecond, LongSupplier nanoClock) {
        this.intervalNanos = 1_000_000_000L / framesPerSecond;
        this.nanoClock = nanoClock;
    }

    /** Whether a frame of the stream may be published now; records it when so. */
    public boolean tryTake(String streamId) {
        long now = nanoClock.getAsLong();
        boolean[] taken = new boolean[1];
        lastTaken.compute(streamId, (key, last) -> {
            if (last == null || now - last >= intervalNanos) {
                taken[0] = true;
                return now;
            }
            return last;
        });
        return taken[0];
    }

    /** Forgets a stream that has no video socket any more. */
    public void forget(String streamId) {
        lastTaken.remove(streamId);
    }
}
