package dev.janus.input.audio;

import org.jspecify.annotations.Nullable;

/**
 * Makes the detector of each new track, by {@code janus.input.voice.vad.engine}: {@code silero} (the default) shares
 * one loaded {@link SileroModel} among all tracks, each with its own recurrent state; {@code energy} is the named
 * fallback, the {@link EnergyZeroCrossingDetector}, which needs no model. Thread-safe; closes the model.
 */
public final class VoiceActivityDetectors implements AutoCloseable {

    private final VoiceProperties.Vad settings;
    private final @Nullable SileroModel silero;

    private VoiceActivityDetectors(VoiceProperties.Vad settings, @Nullable SileroModel silero) {
        this.settings = settings;
        this.silero = silero;
    }

    /**
     * The detectors {@code settings} ask for; loads the Silero model when they ask for it.
     *
     * @throws IllegalStateException when the Silero model cannot be loaded, naming the fallback
     */
    public static VoiceActivityDetectors of(VoiceProperties.Vad settings) {
        return new VoiceActivityDetectors(settings,
                settings.engine().equals(VoiceProperties.Vad.SILERO) ? SileroModel.load() : null);
    }

    /** The engine's name, as configured. */
    public String engine() {
        return settings.engine();
    }

    /** A detector for a new track, with its own state. */
    public VoiceActivityDetector forNewTrack() {
        return silero != null ? new SileroDetector(silero, settings) : new EnergyZeroCrossingDetector(settings);
    }

    @Override
    public void close() {
        if (silero != null) {
            silero.close();
        }
    }
}
