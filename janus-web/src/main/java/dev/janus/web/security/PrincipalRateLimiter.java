package dev.janus.web.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per principal, in this instance: {@code burst} requests at once, refilled at
 * {@code requestsPerSecond}. With several replicas, a principal may make that many requests at each.
 */
public final class PrincipalRateLimiter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;

    public PrincipalRateLimiter(SecurityProperties.RateLimit limit) {
        this.perSecond = limit.requestsPerSecond() == null ? 20 : limit.requestsPerSecond();
        this.burst = limit.burst() == null ? 40 : limit.burst();
    }

    /** Empty when {@code principal} may make a request now; else how long until it may. */
    public Optional<Duration> acquire(String principal, long nowNanos) {
        return buckets.computeIfAbsent(principal, unused -> new Bucket(burst, nowNanos)).take(nowNanos, perSecond,
                burst);
    }

    private static final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take(long now, double perSecond, int burst) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
        }
    }
}
