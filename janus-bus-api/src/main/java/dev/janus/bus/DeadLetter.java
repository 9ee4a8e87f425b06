package dev.janus.bus;

import java.time.Instant;
import java.util.List;

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
 * @param history its earlier failures, oldest first, when it was replayed from the queue and failed again: each
 *        {@code <failed at> <group>: <error> (<attempts> attempts)}
 */
public record DeadLetter(String id, String event, @Nullable String eventType, @Nullable String eventId, String error,
        int attempts, String originStream, String originGroup, @Nullable String originId, Instant failedAt,
        List<String> history) {

    public DeadLetter {
        history = List.copyOf(history);
    }

    /** This letter with another id. */
    public DeadLetter withId(String newId) {
        return new DeadLetter(newId, event, eventType, eventId, error, attempts, originStream, originGroup, originId,
                failedAt, history);
    }

    /** The history a replay of this letter carries: the earlier failures and this one. */
    public List<String> historyWithThis() {
        List<String> all = new java.util.ArrayList<>(history);
        all.add(failedAt + " " + originGroup + ": " + error + " (" + attempts + " attempts)");
        return all;
    }
}
