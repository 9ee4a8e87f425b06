package dev.janus.web.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a principal), in this instance: at most {@code burst} tokens, refilled at
 * {@code perSecond}. What a take asks for is taken whole or not at all.
 */
public final class TokenBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final double burst;

    public TokenBuckets(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst > 0)) {
            throw new IllegalArgumentException("a token bucket refills at a positive rate up to a positive burst, "
                    + "not " + perSecond + " per second up to " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes {@code tokens} of {@code key}'s bucket: 0 when it held them, else the nanoseconds until it will. */
    public long take(String key, double tokens) {
        long now = System.nanoTime();
        return buckets.computeIfAbsent(key, unused -> new Bucket(burst, now)).take(now, tokens, perSecond, burst);
    }

    private static final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(long now, double wanted, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + Math.max(0, now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= wanted) {
                tokens -= wanted;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((Math.min(wanted, burst) - tokens) / perSecond * 1e9));
        }
    }
}
