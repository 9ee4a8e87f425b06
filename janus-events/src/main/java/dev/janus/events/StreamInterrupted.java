package dev.janus.events;

/**
 * The user interrupted the stream: whatever Janus is producing for it (a generation, running tools,
 * speech) should stop. Components that hold per-stream work consume it on every instance.
 *
 * @param reason why: {@code client} when the client asked, {@code barge_in} when the user spoke over a reply
 */
public record StreamInterrupted(String reason) implements EventContent {

    public StreamInterrupted {
        Constraints.nonBlank("reason", reason, EventLimits.MAX_ID_CHARS);
    }
}
