package dev.janus.web.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a principal, an address), in this instance: at most {@code burst} tokens, refilled at
 * {@code perSecond}. What a take asks for is taken whole or not at all. A key never seen holds a full bucket.
 */
public final class TokenBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final double burst;
    private final double maxDebt;
    private final LongSupplier nanoClock;

    /** Buckets on the JVM's monotonic clock. */
    public TokenBuckets(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** Buckets on {@code nanoClock}, a monotonic clock in nanoseconds (a test's own, say). */
    public TokenBuckets(double perSecond, double burst, LongSupplier nanoClock) {
        this(perSecond, burst, 0, nanoClock);
    }

    /**
     * Buckets on {@code nanoClock} that {@link #charge} may take below empty, down to {@code maxDebt} tokens owed.
     */
    public TokenBuckets(double perSecond, double burst, double maxDebt, LongSupplier nanoClock) {
        if (!(perSecond > 0) || !(burst > 0) || !(maxDebt >= 0)) {
            throw new IllegalArgumentException("a token bucket refills at a positive rate up to a positive burst, "
                    + "not " + perSecond + " per second up to " + burst + " (with a debt of at most " + maxDebt + ")");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxDebt = maxDebt;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes {@code tokens} of {@code key}'s bucket: 0 when it held them, else the nanoseconds until it will (never,
     * for more than the burst: {@link Long#MAX_VALUE}).
     */
    public long take(String key, double tokens) {
        return buckets.computeIfAbsent(key, unused -> new Bucket(burst, nanoClock.getAsLong())).take(tokens);
    }

    /**
     * Takes {@code tokens} of {@code key}'s bucket whether it holds them or not, down to the debt allowed: what
     * is charged for something that happened already, however many happened at once.
     *
     * @return the nanoseconds until the bucket holds a token again (0: it holds one)
     */
    public long charge(String key, double tokens) {
        return buckets.computeIfAbsent(key, unused -> new Bucket(burst, nanoClock.getAsLong())).charge(tokens);
    }

    /** A wait of {@code nanos} as a {@code Retry-After}: in whole seconds, rounded up, at least one. */
    public static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
    }

    /**
     * The nanoseconds until {@code key}'s bucket holds {@code tokens}, taking none: 0 when it holds them now (a key
     * never seen does), {@link Long#MAX_VALUE} for more than the burst.
     */
    public long waitFor(String key, double tokens) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? (tokens > burst ? Long.MAX_VALUE : 0) : bucket.waitFor(tokens);
    }

    /** Whether {@code key} has a bucket of its own, one not yet forgotten. */
    public boolean tracks(String key) {
        return buckets.containsKey(key);
    }

    /** How many keys have a bucket. */
    public int size() {
        return buckets.size();
    }

    /**
     * Forgets the buckets that are full again: a key never seen holds as much, so nothing changes for it (but for a
     * take or charge that lands in a bucket as it is forgotten, which is lost).
     */
    public void forgetRefilled() {
        buckets.values().removeIf(bucket -> bucket.waitFor(burst) == 0);
    }

    private final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(double wanted) {
            long wait = waitFor(wanted);
            if (wait == 0) {
                tokens -= wanted;
            }
            return wait;
        }

        synchronized long charge(double taken) {
            waitFor(0); // refilled first
            tokens = Math.max(-maxDebt, tokens - taken);
            return waitFor(1);
        }

        synchronized long waitFor(double wanted) {
            long now = nanoClock.getAsLong();
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
                refilledAt = now;
            }
            if (tokens >= wanted) {
                return 0;
            }
            if (wanted > burst) {
                return Long.MAX_VALUE;
            }
            return Math.max(1, (long) Math.ceil((wanted - tokens) / perSecond * 1e9));
        }
    }
}
