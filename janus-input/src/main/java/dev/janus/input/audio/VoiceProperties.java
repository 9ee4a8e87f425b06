package dev.janus.input.audio;

import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

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
 * @param maxAudioRate with API keys, the seconds of audio a principal may send per second over all its audio
 *        sockets on this node (a meeting's owner sends each participant's): 40 by default, so the 32 sockets a
 *        principal may hold all fit at real time; beyond it, frames are refused
 * @param audioBurst with API keys, how much audio a principal may send at once beyond that rate: at least the
 *        largest frame at the lowest sample rate (8 kHz), which could never fit otherwise
 */
@ConfigurationProperties("janus.input.voice")
public record VoiceProperties(@DefaultValue("true") Boolean enabled,
        @DefaultValue("32768") Integer maxFrameBytes, @DefaultValue("100ms") Duration chunk,
        @DefaultValue("true") Boolean bargeIn, Vad vad, @DefaultValue("40") Double maxAudioRate,
        @DefaultValue("60s") Duration audioBurst) {

    /** The lowest sample rate a client may send at. */
    public static final int MIN_SAMPLE_RATE = 8_000;

    /** The rate every stream is converted to before detection, batching and transcription. */
    public static final int PROCESSING_RATE = 16_000;

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public VoiceProperties {
        enabled = enabled == null || enabled;
        maxFrameBytes = inRange("janus.input.voice.max-frame-bytes", maxFrameBytes, 32 * 1024, 2, 1024 * 1024);
        chunk = within("janus.input.voice.chunk", chunk, Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofSeconds(1));
        bargeIn = bargeIn == null || bargeIn;
        vad = vad == null ? Vad.defaults() : vad;
        maxAudioRate = maxAudioRate == null ? 40.0 : maxAudioRate;
        if (!(maxAudioRate > 0 && maxAudioRate <= 1_000)) {
            throw new IllegalArgumentException("janus.input.voice.max-audio-rate must be in (0, 1000] seconds of "
                    + "audio per second, but was " + maxAudioRate);
        }
        audioBurst = within("janus.input.voice.audio-burst", audioBurst, Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofHours(1));
        Duration largestFrame = Duration.ofMillis((long) Math.ceil(maxFrameBytes / 2.0 / MIN_SAMPLE_RATE * 1000));
        if (audioBurst.compareTo(largestFrame) < 0) {
            throw new IllegalArgumentException("janus.input.voice.audio-burst (" + audioBurst + ") must hold the "
                    + "largest frame at " + MIN_SAMPLE_RATE + " Hz, " + largestFrame + " (janus.input.voice.max-frame-"
                    + "bytes=" + maxFrameBytes + "): raise it, or lower max-frame-bytes");
        }
    }

    /** Every default. */
    public static VoiceProperties defaults() {
        return new VoiceProperties(null, null, null, null, null, null, null);
    }

    /**
     * Voice activity detection on sample time, never on wall time, so a stream sent faster than real time is cut
     * exactly as one sent at real time.
     *
     * @param engine {@code silero} (the default: the Silero VAD model in 32 ms windows, robust to noise and music)
     *        or {@code energy} (the fallback without a model: frame energy over an adaptive noise floor in 20 ms
     *        frames, with the zero-crossing rate telling voiced speech from broadband noise)
     * @param startProbability silero: the model's speech probability at which a window starts speech
     * @param endProbability silero: the probability below which a window no longer continues speech (hysteresis:
     *        at most {@code startProbability}; by default 0.15 below it, so 0.35 with the default start)
     * @param startThresholdDb energy: how far above the noise floor a frame must be to start speech
     * @param endThresholdDb energy: how far above the noise floor a frame must stay to continue speech (hysteresis:
     *        below {@code startThresholdDb})
     * @param minSpeechDb energy: absolute level (dBFS) below which nothing is speech, however quiet the floor
     * @param maxStartZeroCrossingRate energy: frames crossing zero more often than this (per sample) do not start
     *        speech: hiss and clicks do, voiced speech does not
     * @param preRoll audio before the detected start kept at the front of the utterance (soft onsets)
     * @param hangOver silence after speech before the utterance ends
     * @param minSpeech speech shorter than this (a cough, a click) starts no utterance
     * @param maxUtterance an utterance is cut at this length and a new one continues
     */
    public record Vad(@DefaultValue("silero") String engine,
            @DefaultValue("0.5") Double startProbability, Double endProbability,
            @DefaultValue("12") Integer startThresholdDb, @DefaultValue("6") Integer endThresholdDb,
            @DefaultValue("-50") Integer minSpeechDb,
            @DefaultValue("0.45") Double maxStartZeroCrossingRate,
            @DefaultValue("300ms") Duration preRoll, @DefaultValue("500ms") Duration hangOver,
            @DefaultValue("100ms") Duration minSpeech, @DefaultValue("15s") Duration maxUtterance) {

        /** The Silero VAD model, the default. */
        public static final String SILERO = "silero";
        /** The energy and zero-crossing detector, the fallback without a model. */
        public static final String ENERGY = "energy";

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Vad {
            engine = engine == null || engine.isBlank() ? SILERO : engine.strip();
            if (!engine.equals(SILERO) && !engine.equals(ENERGY)) {
                throw new IllegalArgumentException("janus.input.voice.vad.engine must be '" + SILERO + "' or '"
                        + ENERGY + "', but was '" + engine + "'");
            }
            startProbability = probability("janus.input.voice.vad.start-probability", startProbability, 0.5, 1.0);
            endProbability = probability("janus.input.voice.vad.end-probability", endProbability,
                    Math.max(0.01, startProbability - 0.15), startProbability);
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
            return new Vad(null, null, null, null, null, null, null, null, null, null, null);
        }

        /** These settings with another engine. */
        public Vad withEngine(String newEngine) {
            return new Vad(newEngine, startProbability, endProbability, startThresholdDb, endThresholdDb, minSpeechDb,
                    maxStartZeroCrossingRate, preRoll, hangOver, minSpeech, maxUtterance);
        }

        private static double probability(String property, @Nullable Double value, double fallback, double max) {
            double actual = value == null ? fallback : value;
            if (!(actual > 0 && actual <= max)) {
                throw new IllegalArgumentException(property + " must be in (0, " + max + "], but was " + actual);
            }
            return actual;
        }
    }
}
