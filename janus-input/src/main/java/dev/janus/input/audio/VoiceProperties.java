package dev.janus.input.audio;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.janus.bus.PropertyCheck.inRange;
import static dev.janus.bus.PropertyCheck.within;

/**
 * Configuration of voice input, under {@code janus.input.voice}. Transcription and speech out have their own
 * sections ({@code janus.input.voice.transcription}, {@code janus.input.voice.speech}).
 *
 * @param enabled whether {@code /ws/audio} is served
 * @param maxFrameBytes largest binary audio frame a client may send (at most {@code janus.input.max-body-bytes})
 * @param chunk how much audio one {@code input.audio.chunk} event carries: client frames (typically 20 ms) are
 *        batched up to this
 * @param bargeIn whether speech of the user while a reply is being produced or played interrupts it
 * @param vad voice activity detection and the utterance buffer
 */
@ConfigurationProperties("janus.input.voice")
public record VoiceProperties(@Nullable Boolean enabled, @Nullable Integer maxFrameBytes, @Nullable Duration chunk,
        @Nullable Boolean bargeIn, @Nullable Vad vad) {

    /** The rate every stream is converted to before detection, batching and transcription. */
    public static final int PROCESSING_RATE = 16_000;

    public VoiceProperties {
        enabled = enabled == null || enabled;
        maxFrameBytes = inRange("janus.input.voice.max-frame-bytes", maxFrameBytes, 32 * 1024, 2, 1024 * 1024);
        chunk = within("janus.input.voice.chunk", chunk, Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofSeconds(1));
        bargeIn = bargeIn == null || bargeIn;
        vad = vad == null ? Vad.defaults() : vad;
    }

    /** Every default. */
    public static VoiceProperties defaults() {
        return new VoiceProperties(null, null, null, null, null);
    }

    /**
     * Voice activity detection on sample time (20 ms analysis frames), never on wall time, so a stream sent
     * faster than real time is cut exactly as one sent at real time.
     *
     * @param detector {@code energy-zero-crossing}: frame energy over an adaptive noise floor, with the
     *        zero-crossing rate telling voiced speech from broadband noise
     * @param startThresholdDb how far above the noise floor a frame must be to start speech
     * @param endThresholdDb how far above the noise floor a frame must stay to continue speech (hysteresis:
     *        below {@code startThresholdDb})
     * @param minSpeechDb absolute level (dBFS) below which nothing is speech, however quiet the floor
     * @param maxStartZeroCrossingRate frames crossing zero more often than this (per sample) do not start speech:
     *        hiss and clicks do, voiced speech does not
     * @param preRoll audio before the detected start kept at the front of the utterance (soft onsets)
     * @param hangOver silence after speech before the utterance ends
     * @param minSpeech speech shorter than this (a cough, a click) starts no utterance
     * @param maxUtterance an utterance is cut at this length and a new one continues
     */
    public record Vad(@Nullable String detector, @Nullable Integer startThresholdDb, @Nullable Integer endThresholdDb,
            @Nullable Integer minSpeechDb, @Nullable Double maxStartZeroCrossingRate, @Nullable Duration preRoll,
            @Nullable Duration hangOver, @Nullable Duration minSpeech, @Nullable Duration maxUtterance) {

        /** The default detector's name. */
        public static final String ENERGY_ZERO_CROSSING = "energy-zero-crossing";

        public Vad {
            detector = detector == null ? ENERGY_ZERO_CROSSING : detector;
            if (!detector.equals(ENERGY_ZERO_CROSSING)) {
                throw new IllegalArgumentException("janus.input.voice.vad.detector must be '" + ENERGY_ZERO_CROSSING
                        + "', but was '" + detector + "'");
            }
            startThresholdDb = inRange("janus.input.voice.vad.start-threshold-db", startThresholdDb, 12, 1, 60);
            endThresholdDb = inRange("janus.input.voice.vad.end-threshold-db", endThresholdDb, 6, 0, startThresholdDb);
            minSpeechDb = inRange("janus.input.voice.vad.min-speech-db", minSpeechDb, -50, -90, -10);
            double zcr = maxStartZeroCrossingRate == null ? 0.45 : maxStartZeroCrossingRate;
            if (zcr <= 0 || zcr > 1) {
                throw new IllegalArgumentException(
                        "janus.input.voice.vad.max-start-zero-crossing-rate must be in (0, 1], but was " + zcr);
            }
            maxStartZeroCrossingRate = zcr;
            preRoll = within("janus.input.voice.vad.pre-roll", preRoll, Duration.ofMillis(300), Duration.ZERO,
                    Duration.ofSeconds(2));
            hangOver = within("janus.input.voice.vad.hang-over", hangOver, Duration.ofMillis(500),
                    Duration.ofMillis(20), Duration.ofSeconds(5));
            minSpeech = within("janus.input.voice.vad.min-speech", minSpeech, Duration.ofMillis(100),
                    Duration.ofMillis(20), Duration.ofSeconds(2));
            // an utterance event carries at most 1 MiB: 32 s of 16 kHz PCM16
            maxUtterance = within("janus.input.voice.vad.max-utterance", maxUtterance, Duration.ofSeconds(15),
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        /** Every default. */
        public static Vad defaults() {
            return new Vad(null, null, null, null, null, null, null, null, null);
        }
    }
}
