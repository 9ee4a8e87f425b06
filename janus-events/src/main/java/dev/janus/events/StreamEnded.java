package dev.janus.events;

/**
 * A conversation (stream) ended.
 *
 * @param reason why: {@code closed} by the client, {@code idle} after the idle timeout, ...
 */
public record StreamEnded(String reason) implements EventContent {

    public StreamEnded {
        Constraints.nonBlank("reason", reason, EventLimits.MAX_ID_CHARS);
    }
}
