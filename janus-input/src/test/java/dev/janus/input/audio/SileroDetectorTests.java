package dev.janus.input.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Silero detector in the utterance buffer, against the energy detector, on espeak-ng speech mixed with noise that
 * sox makes (white, pink, brown), streamed in 20 ms frames as a client sends them.
 */
class SileroDetectorTests {

    private static final List<String> PHRASES = List.of("Hello there, how are you doing today?",
            "Please remind me to call the office.", "Thank you very much.");

    private static final VoiceProperties.Vad SILERO = VoiceProperties.Vad.defaults();
    private static final VoiceProperties.Vad ENERGY = SILERO.withEngine(VoiceProperties.Vad.ENERGY);

    private static SileroModel model;

    @BeforeAll
    static void loadModel() {
        model = SileroModel.load();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @BeforeEach
    void speech() {
        TestSpeech.assumeInstalled();
    }

    private static List<VoiceActivity.UtteranceEnded> utterances(short[] audio, VoiceActivityDetector detector,
            VoiceProperties.Vad vad) {
        UtteranceSegmenter segmenter = new UtteranceSegmenter(detector, vad);
        List<VoiceActivity> activity = new ArrayList<>();
        for (byte[] frame : TestSpeech.frames(audio, 16_000, 20)) {
            activity.addAll(segmenter.accept(Pcm16.samples(frame)));
        }
        activity.addAll(segmenter.flush());
        return activity.stream().filter(VoiceActivity.UtteranceEnded.class::isInstance)
                .map(VoiceActivity.UtteranceEnded.class::cast).toList();
    }

    private static List<VoiceActivity.UtteranceEnded> silero(short[] audio) {
        return utterances(audio, new SileroDetector(model, SILERO), SILERO);
    }

    private static List<VoiceActivity.UtteranceEnded> energy(short[] audio) {
        return utterances(audio, new EnergyZeroCrossingDetector(ENERGY), ENERGY);
    }

    /** Each utterance holds its phrase: it starts before the phrase and its speech ends after most of it. */
    private static void assertOnePerPhrase(List<VoiceActivity.UtteranceEnded> utterances, List<Long> starts) {
        assertThat(utterances).hasSize(PHRASES.size());
        for (int i = 0; i < PHRASES.size(); i++) {
            long phraseMs = TestSpeech.phrase(PHRASES.get(i)).length / 16;
            VoiceActivity.UtteranceEnded utterance = utterances.get(i);
            assertThat(utterance.cut()).isFalse();
            assertThat(utterance.offsetMs()).isBetween(starts.get(i) - 400, starts.get(i) + 100);
            assertThat(utterance.speechEndMs()).isBetween(starts.get(i) + phraseMs * 3 / 4,
                    starts.get(i) + phraseMs + 300);
        }
    }

    /** The speech's RMS level, in dBFS. */
    private static double speechLevel() {
        return EnergyZeroCrossingDetector.levelDb(TestSpeech.phrase(PHRASES.get(0)));
    }

    @Test
    void cutsOneUtterancePerPhraseOfCleanSpeech() {
        // given
        List<Long> starts = new ArrayList<>();
        short[] audio = TestSpeech.conversation(PHRASES, 800, 1_200, 16_000, starts);

        // when / then
        assertOnePerPhrase(silero(audio), starts);
    }

    @Nested
    class InNoise {

        @ParameterizedTest
        @ValueSource(strings = { "whitenoise", "pinknoise", "brownnoise" })
        void cutsEachPhraseInSteadyNoiseSixDecibelsBelowTheSpeechWhereTheEnergyDetectorHearsOneUtterance(
                String kind) {
            // given: the conversation over noise from the first sample on, 6 dB below the speech
            List<Long> starts = new ArrayList<>();
            short[] speech = TestSpeech.conversation(PHRASES, 800, 1_200, 16_000, starts);
            short[] audio = TestSpeech.mix(TestSpeech.soxNoise(kind, speech.length / 16 + 100, speechLevel() - 6),
                    speech);

            // when
            List<VoiceActivity.UtteranceEnded> bySilero = silero(audio);
            List<VoiceActivity.UtteranceEnded> byEnergy = energy(audio);

            // then: the energy detector takes the noise for speech, the model does not
            assertOnePerPhrase(bySilero, starts);
            assertThat(byEnergy).hasSizeLessThan(PHRASES.size());
        }

        @Test
        void keepsPhrasesApartWhenALoudBackgroundSwitchesOnBetweenThem() {
            // given: 3 s of brown noise (a fan, traffic) starting in the pause after the first phrase
            List<Long> starts = new ArrayList<>();
            short[] speech = TestSpeech.conversation(PHRASES, 800, 1_200, 16_000, starts);
            short[] background = new short[speech.length];
            short[] fan = TestSpeech.soxNoise("brownnoise", 3_000, speechLevel() - 6);
            int from = (int) (starts.get(1) - 1_100) * 16;
            System.arraycopy(fan, 0, background, from, fan.length);
            short[] audio = TestSpeech.mix(background, speech);

            // when
            List<VoiceActivity.UtteranceEnded> bySilero = silero(audio);
            List<VoiceActivity.UtteranceEnded> byEnergy = energy(audio);

            // then
            assertOnePerPhrase(bySilero, starts);
            assertThat(byEnergy).hasSizeLessThan(PHRASES.size());
        }

        @Test
        void hearsNoUtteranceInNoiseAlone() {
            // given
            short[] audio = TestSpeech.soxNoise("pinknoise", 5_000, speechLevel() - 6);

            // when / then
            assertThat(silero(audio)).isEmpty();
            assertThat(energy(audio)).isNotEmpty();
        }
    }

    @Test
    void keepsTheModelsStatePerTrack() {
        // given: two tracks, one detector each on the one model, fed frame by frame in turn
        short[] first = TestSpeech.conversation(PHRASES.subList(0, 1), 300, 0, 16_000, new ArrayList<>());
        short[] second = TestSpeech.mix(TestSpeech.soxNoise("pinknoise", first.length / 16 + 100, speechLevel() - 6),
                TestSpeech.conversation(PHRASES.subList(2, 3), 300, 0, 16_000, new ArrayList<>()));
        SileroDetector alone = new SileroDetector(model, SILERO);
        SileroDetector interleavedFirst = new SileroDetector(model, SILERO);
        SileroDetector interleavedSecond = new SileroDetector(model, SILERO);

        // when / then: each track's probabilities are what they are when it runs alone
        for (int at = 0; at + SileroModel.WINDOW <= Math.min(first.length, second.length); at += SileroModel.WINDOW) {
            short[] window = java.util.Arrays.copyOfRange(first, at, at + SileroModel.WINDOW);
            alone.isSpeech(window, false);
            interleavedFirst.isSpeech(window, false);
            interleavedSecond.isSpeech(java.util.Arrays.copyOfRange(second, at, at + SileroModel.WINDOW), false);
            assertThat(interleavedFirst.lastProbability()).isEqualTo(alone.lastProbability());
        }
    }

    @Test
    void shipsTheModelOfTheNpmPackage() throws Exception {
        // the model is verified against this checksum whenever it is loaded
        try (var in = SileroModel.class.getResourceAsStream(SileroModel.RESOURCE)) {
            assertThat(SileroModel.sha256(in.readAllBytes())).isEqualTo(SileroModel.SHA256);
        }
    }
}
