package dev.janus.events;

/**
 * Voice activity on an audio stream: speech started or ended. The speaker is the event's user.
 *
 * @param utteranceId the utterance the speech belongs to
 * @param offsetMs when, in milliseconds of the stream's audio since it started
 */
public record SpeechActivity(String utteranceId, long offsetMs) implements EventContent {

    public SpeechActivity {
        Constraints.nonBlank("utterance_id", utteranceId, EventLimits.MAX_ID_CHARS);
        Constraints.notNegative("offset_ms", offsetMs);
    }
}
