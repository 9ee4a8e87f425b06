package dev.janus.input.audio;

/**
 * Decides, one analysis frame at a time, whether a track is speech: the {@link SileroDetector} (a model, the default)
 * or the {@link EnergyZeroCrossingDetector} (the fallback). Stateful (noise floors, model state): one instance per
 * track, used by one thread at a time.
 */
public interface VoiceActivityDetector {

    /** Samples per analysis frame at {@link VoiceProperties#PROCESSING_RATE}. */
    int frameSamples();

    /**
     * Whether the frame holds speech.
     *
     * @param frame exactly {@link #frameSamples()} samples
     * @param speaking whether the track is in speech now, so a detector may use different thresholds to start
     *        and to continue (hysteresis)
     */
    boolean isSpeech(short[] frame, boolean speaking);
}
