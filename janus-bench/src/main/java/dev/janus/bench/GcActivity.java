package dev.janus.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Garbage collections and the milliseconds spent in them, over every collector, so a benchmark can
 * say how many pauses fell inside its measurement.
 *
 * @param collections how many collections
 * @param millis how long they took in all
 */
public record GcActivity(long collections, long millis) {

    /** The totals since the JVM started. */
    public static GcActivity sinceStart() {
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            time += Math.max(0, collector.getCollectionTime());
        }
        return new GcActivity(count, time);
    }

    /** What happened between {@code earlier} and this. */
    public GcActivity minus(GcActivity earlier) {
        return new GcActivity(collections - earlier.collections, millis - earlier.millis);
    }
}
