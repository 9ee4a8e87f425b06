package dev.janus.events;

/**
 * What was said in an utterance, for the client to show while the final text enters the flow as
 * {@code input.message.received}.
 *
 * @param utteranceId the utterance
 * @param text the words so far
 * @param isFinal whether this is the whole utterance's text
 */
public record Transcript(String utteranceId, String text, boolean isFinal) implements EventContent {

    public Transcript {
        Constraints.nonBlank("utterance_id", utteranceId, EventLimits.MAX_ID_CHARS);
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
    }
}
