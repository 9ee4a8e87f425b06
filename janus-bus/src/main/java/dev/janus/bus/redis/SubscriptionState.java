package dev.janus.bus.redis;

/**
 * How one subscription of this instance is doing, for health checks.
 *
 * @param name the consumer group ({@code group janus-memory}) or broadcast ({@code broadcast janus-input}) it reads
 *        for
 * @param pattern the event types it covers ({@code input.*})
 * @param reading whether its reader went round without an error within the window asked for: alive and reading
 *        from Redis (or waiting for room while its handlers are busy), not retrying a lost Redis
 */
public record SubscriptionState(String name, String pattern, boolean reading) {
}
