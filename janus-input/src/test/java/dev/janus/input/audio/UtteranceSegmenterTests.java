package dev.janus.input.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The utterance buffer with the energy detector on real speech (espeak-ng) fed in 20 ms frames, as a client sends it. */
class UtteranceSegmenterTests {

    private static final List<String> PHRASES = List.of("Hello there, how are you doing today?",
            "Please remind me to call the office.", "Thank you very much.");

    @BeforeEach
    void speech() {
        TestSpeech.assumeInstalled();
    }

    private static final VoiceProperties.Vad ENERGY = VoiceProperties.Vad.defaults()
            .withEngine(VoiceProperties.Vad.ENERGY);

    private static List<VoiceActivity> run(short[] audio, VoiceProperties.Vad vad) {
        UtteranceSegmenter segmenter = new UtteranceSegmenter(new EnergyZeroCrossingDetector(vad), vad);
        List<VoiceActivity> activity = new ArrayList<>();
        for (byte[] frame : TestSpeech.frames(audio, 16_000, 20)) {
            activity.addAll(segmenter.accept(Pcm16.samples(frame)));
        }
        activity.addAll(segmenter.flush());
        return activity;
    }

    private static List<VoiceActivity.UtteranceEnded> utterances(List<VoiceActivity> activity) {
        return activity.stream().filter(VoiceActivity.UtteranceEnded.class::isInstance)
                .map(VoiceActivity.UtteranceEnded.class::cast).toList();
    }

    @Nested
    class Pauses {

        @Test
        void cutsOneUtterancePerPhraseAtPausesLongerThanTheHangOver() {
            // given three phrases with 1.2 s pauses, hang-over 500 ms
            List<Long> starts = new ArrayList<>();
            short[] audio = TestSpeech.conversation(PHRASES, 800, 1_200, 16_000, starts);

            // when
            List<VoiceActivity> activity = run(audio, ENERGY);

            // then one start and one end per phrase, in order, at the phrases' places
            List<VoiceActivity.UtteranceEnded> utterances = utterances(activity);
            assertThat(utterances).hasSize(3);
            List<Long> detectedStarts = activity.stream().filter(VoiceActivity.SpeechStarted.class::isInstance)
                    .map(a -> ((VoiceActivity.SpeechStarted) a).offsetMs()).toList();
            assertThat(detectedStarts).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(detectedStarts.get(i)).isBetween(starts.get(i) - 40, starts.get(i) + 250);
                assertThat(utterances.get(i).cut()).isFalse();
                long phraseMs = TestSpeech.phrase(PHRASES.get(i)).length / 16;
                long utteranceMs = utterances.get(i).samples().length / 16;
                // pre-roll (300 ms) and tail (100 ms) around the phrase, minus espeak's own leading/trailing quiet
                assertThat(utteranceMs).isBetween(phraseMs - 400, phraseMs + 450);
                assertThat(utterances.get(i).speechEndMs()).isLessThan(i + 1 < 3 ? starts.get(i + 1) : Long.MAX_VALUE);
            }
        }

        @Test
        void keepsPhrasesInOneUtteranceWhenThePauseIsShorterThanTheHangOver() {
            // given the same phrases 300 ms apart and a hang-over of 800 ms
            short[] audio = TestSpeech.conversation(PHRASES, 800, 300, 16_000, new ArrayList<>());
            VoiceProperties.Vad vad = new VoiceProperties.Vad(VoiceProperties.Vad.ENERGY, null, null, null, null, null,
                    null, null, Duration.ofMillis(800), null, null);

            // when
            List<VoiceActivity.UtteranceEnded> utterances = utterances(run(audio, vad));

            // then
            assertThat(utterances).hasSize(1);
        }

        @Test
        void cutsAtTheMaximumLengthAndContinuesWithANewUtterance() {
            // given speech without pauses longer than the 1 s maximum
            short[] audio = TestSpeech.conversation(List.of(PHRASES.get(0)), 500, 0, 16_000, new ArrayList<>());
            VoiceProperties.Vad vad = new VoiceProperties.Vad(VoiceProperties.Vad.ENERGY, null, null, null, null, null,
                    null, null, null, null, Duration.ofSeconds(1));

            // when
            List<VoiceActivity> activity = run(audio, vad);

            // then the first pieces are cut at 1 s, and every cut is followed by a new start
            List<VoiceActivity.UtteranceEnded> utterances = utterances(activity);
            assertThat(utterances.size()).isGreaterThanOrEqualTo(2);
            assertThat(utterances.get(0).cut()).isTrue();
            assertThat(utterances.get(0).samples().length).isLessThanOrEqualTo(16_000);
            int cut = activity.indexOf(utterances.get(0));
            assertThat(activity.get(cut + 1)).isInstanceOf(VoiceActivity.SpeechStarted.class);
        }
    }

    @Nested
    class Noise {

        @Test
        void findsNoSpeechInBackgroundNoise() {
            // given 5 s of noise, louder than the default start level only relative to digital silence
            short[] audio = TestSpeech.noise(5_000, 16_000, 42);

            // then
            assertThat(run(audio, ENERGY)).isEmpty();
        }

        @Test
        void learnsALouderBackgroundAndStillFindsTheSpeechInIt() {
            // given speech over noise 4x louder than the default
            short[] speech = TestSpeech.conversation(PHRASES.subList(0, 2), 1_000, 1_200, 16_000, new ArrayList<>());
            short[] loud = TestSpeech.noise(speech.length / 16 + 1, 16_000, 7);
            for (int i = 0; i < speech.length; i++) {
                speech[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, speech[i] + 3 * loud[i]));
            }

            // then
            assertThat(utterances(run(speech, ENERGY))).hasSize(2);
        }

        @Test
        void ignoresAClickShorterThanTheMinimumSpeech() {
            // given a 40 ms burst in silence
            short[] audio = TestSpeech.noise(2_000, 16_000, 3);
            for (int i = 16_000; i < 16_000 + 640; i++) {
                audio[i] = (short) (i % 20 < 10 ? 8_000 : -8_000);
            }

            // then
            assertThat(run(audio, ENERGY)).isEmpty();
        }
    }
}
