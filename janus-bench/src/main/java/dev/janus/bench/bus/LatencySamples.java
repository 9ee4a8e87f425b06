package dev.janus.bench.bus;

import java.util.Arrays;

/** Latencies in microseconds, sorted once, read as percentiles; a missing sample counts as infinitely late. */
public final class LatencySamples {

    /** The value recorded for a sample that never completed. */
    public static final long MISSING = Long.MAX_VALUE;

    private final long[] sortedMicros;

    public LatencySamples(long[] micros) {
        if (micros.length == 0) {
            throw new IllegalArgumentException("no latency samples");
        }
        this.sortedMicros = micros.clone();
        Arrays.sort(sortedMicros);
    }

    /** The latency at {@code quantile} (0.5 for the median, 1.0 for the maximum), in milliseconds. */
    public double millisAt(double quantile) {
        int index = (int) Math.ceil(quantile * sortedMicros.length) - 1;
        long value = sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, index))];
        return value == MISSING ? Double.POSITIVE_INFINITY : value / 1_000.0;
    }

    /** How many samples there are. */
    public int count() {
        return sortedMicros.length;
    }

    /** p50, p99, p99.9 and max, for a table note. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "p50 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms", millisAt(0.5),
                millisAt(0.99), millisAt(0.999), millisAt(1.0));
    }
}
