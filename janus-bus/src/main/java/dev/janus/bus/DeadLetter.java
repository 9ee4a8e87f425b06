package dev.janus.bus;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event the bus gave up on, with why and where from.
 *
 * @param id the dead letter's id (Redis: its entry id in {@code janus:dlq})
 * @param event the event as it was on the wire (JSON, or the raw entry when it could not be decoded)
 * @param eventType the event's type name, when known
 * @param eventId the event's id, when known
 * @param error the last error
 * @param attempts how many times handling was tried (0 when the event could not be decoded)
 * @param originStream where it was read from ({@code janus:input.message.received}, or {@code memory})
 * @param originGroup the consumer group that failed to handle it
 * @param originId its entry id in the origin stream, when it had one
 * @param failedAt when it was dead-lettered
 */
public record DeadLetter(String id, String event, @Nullable String eventType, @Nullable String eventId, String error,
        int attempts, String originStream, String originGroup, @Nullable String originId, Instant failedAt) {
}
