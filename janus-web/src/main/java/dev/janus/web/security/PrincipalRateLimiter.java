package dev.janus.web.security;

import java.util.Optional;

/**
 * A token bucket per principal, in this instance: {@code burst} requests at once, refilled at
 * {@code requestsPerSecond} ({@code janus.security.rate-limit}). Every REST request and every frame a chat socket
 * receives takes a token, so a socket is no way around the limit. With several replicas, a principal may make that
 * many requests at each. Without keys (one person's Janus on loopback) nothing is limited.
 */
public final class PrincipalRateLimiter {

    /** A request refused: how long until the caller may try again, and the message that says so. */
    public record Refusal(long retryAfterSeconds, String message) {
    }

    private final boolean limited;
    private final TokenBuckets buckets;

    public PrincipalRateLimiter(SecurityProperties properties) {
        this.limited = properties.secured();
        SecurityProperties.RateLimit limit = properties.rateLimit();
        this.buckets = new TokenBuckets(limit.requestsPerSecond() == null ? 20 : limit.requestsPerSecond(),
                limit.burst() == null ? 40 : limit.burst());
    }

    /** Takes a token for a request of {@code principal}: empty when it may go ahead, else why it may not yet. */
    public Optional<Refusal> acquire(String principal) {
        long waitNanos = limited ? buckets.take(principal, 1) : 0;
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long seconds = TokenBuckets.retryAfterSeconds(waitNanos);
        return Optional.of(new Refusal(seconds, "too many requests from '" + principal
                + "' (janus.security.rate-limit); retry after " + seconds + " s"));
    }
}
