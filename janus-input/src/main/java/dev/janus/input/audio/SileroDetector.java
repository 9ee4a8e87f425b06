package dev.janus.input.audio;

/**
 * Voice activity by the Silero VAD model ({@link SileroModel}): {@value SileroModel#WINDOW}-sample windows (32 ms at
 * 16 kHz), each given with the last {@value SileroModel#CONTEXT} samples of the window before, and the model's
 * recurrent state kept from window to window for this track. A window starts speech when the model's probability is
 * at least {@code janus.input.voice.vad.start-probability} and continues it while it stays at least
 * {@code end-probability} (hysteresis, as Silero's own segmentation does). Robust to steady and changing noise, where
 * the {@link EnergyZeroCrossingDetector} hears a level, not a voice. One instance per track, one thread at a time.
 */
public final class SileroDetector implements VoiceActivityDetector {

    private final SileroModel model;
    private final double startProbability;
    private final double endProbability;
    private final float[] input = new float[SileroModel.CONTEXT + SileroModel.WINDOW];
    private final float[] state = new float[SileroModel.STATE];
    private float lastProbability;

    public SileroDetector(SileroModel model, VoiceProperties.Vad settings) {
        this.model = model;
        this.startProbability = settings.startProbability();
        this.endProbability = settings.endProbability();
    }

    @Override
    public int frameSamples() {
        return SileroModel.WINDOW;
    }

    @Override
    public boolean isSpeech(short[] frame, boolean speaking) {
        // the context is the end of the previous window, still at the end of input
        System.arraycopy(input, SileroModel.WINDOW, input, 0, SileroModel.CONTEXT);
        for (int i = 0; i < SileroModel.WINDOW; i++) {
            input[SileroModel.CONTEXT + i] = frame[i] / 32_768f;
        }
        lastProbability = model.speechProbability(input, state);
        return lastProbability >= (speaking ? endProbability : startProbability);
    }

    /** The model's probability for the last window. */
    public float lastProbability() {
        return lastProbability;
    }
}
