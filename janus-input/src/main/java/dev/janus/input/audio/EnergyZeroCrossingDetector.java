package dev.janus.input.audio;

/**
 * The fallback detector, without a model ({@code janus.input.voice.vad.engine=energy}): a frame is speech when its
 * energy stands far enough above an adaptive noise floor, with hysteresis (a higher threshold to start speech than to
 * continue it), an absolute minimum level, and the zero-crossing rate to keep broadband noise (hiss, clicks: about one crossing every other sample) from starting
 * speech, which voiced speech (a crossing every 5 to 20 samples) does. Unvoiced sounds inside speech (s, f, t)
 * continue it on energy alone. The floor follows quiet frames quickly down and slowly up, so a rising background
 * is learnt without speech being taken for background. It hears a level, not a voice: speech only a few dB above
 * steady noise does not start, and a sudden louder background (a fan, traffic, music) is taken for speech until the
 * floor has learnt it; the {@link SileroDetector} does neither.
 */
public final class EnergyZeroCrossingDetector implements VoiceActivityDetector {

    /** 20 ms at 16 kHz. */
    public static final int FRAME_SAMPLES = 320;

    private static final double FLOOR_FALL = 0.3;
    private static final double FLOOR_RISE = 0.02;
    private static final double FLOOR_LIMIT_DB = -90;

    private final VoiceProperties.Vad settings;
    private double noiseFloorDb = Double.NaN;

    public EnergyZeroCrossingDetector(VoiceProperties.Vad settings) {
        this.settings = settings;
    }

    @Override
    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    @Override
    public boolean isSpeech(short[] frame, boolean speaking) {
        double level = levelDb(frame);
        if (Double.isNaN(noiseFloorDb)) {
            noiseFloorDb = Math.min(level, settings.minSpeechDb());
        }
        boolean speech;
        if (speaking) {
            double continueAt = Math.max(noiseFloorDb + settings.endThresholdDb(),
                    settings.minSpeechDb() - (settings.startThresholdDb() - settings.endThresholdDb()));
            speech = level > continueAt;
        }
        else {
            double startAt = Math.max(noiseFloorDb + settings.startThresholdDb(), settings.minSpeechDb());
            speech = level > startAt && zeroCrossingRate(frame) <= settings.maxStartZeroCrossingRate();
        }
        if (!speech) {
            noiseFloorDb += (level - noiseFloorDb) * (level < noiseFloorDb ? FLOOR_FALL : FLOOR_RISE);
            noiseFloorDb = Math.max(noiseFloorDb, FLOOR_LIMIT_DB);
        }
        return speech;
    }

    /** The current estimate of the background level, in dBFS. */
    public double noiseFloorDb() {
        return noiseFloorDb;
    }

    /** Root-mean-square level of the frame in dB relative to full scale (-100 for digital silence). */
    static double levelDb(short[] frame) {
        double sum = 0;
        for (short sample : frame) {
            sum += (double) sample * sample;
        }
        double rms = Math.sqrt(sum / frame.length);
        return rms < 1e-5 ? -100 : Math.max(-100, 20 * Math.log10(rms / 32_768.0));
    }

    /** Sign changes per sample. */
    static double zeroCrossingRate(short[] frame) {
        int crossings = 0;
        for (int i = 1; i < frame.length; i++) {
            if ((frame[i] >= 0) != (frame[i - 1] >= 0)) {
                crossings++;
            }
        }
        return (double) crossings / (frame.length - 1);
    }
}
