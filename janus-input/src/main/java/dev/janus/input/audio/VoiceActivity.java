package dev.janus.input.audio;

/** What the utterance buffer found in a track's audio; offsets are in milliseconds of the track's audio. */
public sealed interface VoiceActivity {

    /**
     * Speech began.
     *
     * @param offsetMs where the first speech frame starts
     */
    record SpeechStarted(long offsetMs) implements VoiceActivity {
    }

    /**
     * An utterance is complete: the hang-over of silence passed, the maximum length was reached ({@code cut}), or
     * the track stopped.
     *
     * @param samples the utterance at 16 kHz, pre-roll included
     * @param offsetMs where {@code samples} start
     * @param speechEndMs where the last speech frame ends
     * @param cut whether it was cut at the maximum length while speech went on (a new utterance follows at once)
     */
    record UtteranceEnded(short[] samples, long offsetMs, long speechEndMs, boolean cut) implements VoiceActivity {
    }
}
