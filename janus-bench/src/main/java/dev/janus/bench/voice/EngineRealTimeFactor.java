package dev.janus.bench.voice;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.janus.bench.ResultTable;
import dev.janus.input.audio.EnergyZeroCrossingDetector;
import dev.janus.input.audio.Pcm16;
import dev.janus.input.audio.UtteranceSegmenter;
import dev.janus.input.audio.VoiceActivity;
import dev.janus.input.audio.VoiceProperties;
import dev.janus.input.transcription.OpenAiTranscriptionEngine;
import dev.janus.input.transcription.SphinxTranscriptionEngine;
import dev.janus.input.transcription.TranscriptionEngine;
import dev.janus.input.transcription.TranscriptionProperties;

/**
 * The real-time factor of each transcription engine — engine time / audio duration, below 1 is faster than speech —
 * on the benchmark's espeak-ng utterances ({@link SpokenTrack}) as janus-input's detector cuts them (its
 * {@link UtteranceSegmenter} with the default settings, pre-roll and tail included), each engine called directly,
 * one utterance at a time, as the transcription component calls it: the OpenAI-compatible engine against the
 * {@link InstantTranscriptionServer} on loopback (what is left is the client's own cost: WAV, multipart, HTTP, JSON),
 * the offline Sphinx engine with a JSGF grammar of spoken digits (the grammar of janus-input's tests) and with its
 * bundled n-gram language model (the default configuration). The first call of each engine, which loads Sphinx's
 * model, is reported apart and not counted.
 */
public final class EngineRealTimeFactor {

    /** The benchmark, on the command line and in the table. */
    public static final String NAME = "voice.engines";

    static final int UTTERANCES = 6;
    static final int OPENAI_ROUNDS = 50;
    static final int GRAMMAR_ROUNDS = 2;
    static final int LANGUAGE_MODEL_UTTERANCES = 3;

    /** janus-input's test grammar ({@code src/test/resources/digits.gram}), which its jar does not carry. */
    private static final String DIGITS_GRAMMAR = """
            #JSGF V1.0;
            grammar digits;
            public <digits> = ( zero | oh | one | two | three | four | five | six | seven | eight | nine )+ ;
            """;

    private final Path workDirectory;

    /** @param workDirectory where the generated speech and the grammar are written */
    public EngineRealTimeFactor(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** Runs the benchmark and records its figures in {@code table}. */
    public void run(ResultTable table) throws IOException {
        SpokenTrack track = SpokenTrack.generate(workDirectory);
        List<short[]> utterances = utterances(track);
        if (utterances.isEmpty()) {
            throw new IllegalStateException("the detector cut no utterance from the generated speech");
        }
        try (InstantTranscriptionServer server = new InstantTranscriptionServer()) {
            measure(table, "openai (instant loopback server)", new OpenAiTranscriptionEngine(
                    new TranscriptionProperties.OpenAi(URI.create(server.url()), "bench-instant", null, null, null, null)),
                    utterances, OPENAI_ROUNDS, "janus.input.voice.transcription.engine=openai against the bench's "
                            + "server, which answers at once: the client side of any OpenAI-compatible server; a real "
                            + "server's recognition time comes on top");
        }
        Path grammar = workDirectory.resolve("digits.gram");
        Files.writeString(grammar, DIGITS_GRAMMAR);
        measure(table, "sphinx, digits grammar", new SphinxTranscriptionEngine(new TranscriptionProperties.Sphinx(null,
                null, null, grammar.toString(), 1)), utterances, GRAMMAR_ROUNDS, "bundled en-us acoustic model and "
                        + "dictionary with the JSGF digits grammar of janus-input's tests "
                        + "(janus.input.voice.transcription.sphinx.grammar)");
        measure(table, "sphinx, language model", new SphinxTranscriptionEngine(new TranscriptionProperties.Sphinx(null,
                null, null, null, 1)), utterances.subList(0, Math.min(LANGUAGE_MODEL_UTTERANCES, utterances.size())), 1,
                "the default configuration: bundled en-us acoustic model, dictionary and n-gram language model, free "
                        + "speech");
    }

    /** The generated speech through janus-input's utterance buffer, as the audio socket cuts it. */
    static List<short[]> utterances(SpokenTrack track) {
        VoiceProperties.Vad settings = VoiceProperties.Vad.defaults().withEngine(VoiceProperties.Vad.ENERGY);
        UtteranceSegmenter segmenter = new UtteranceSegmenter(new EnergyZeroCrossingDetector(settings), settings);
        List<VoiceActivity> activity = new ArrayList<>(segmenter.accept(track.samples(UTTERANCES)));
        activity.addAll(segmenter.flush());
        return activity.stream().filter(VoiceActivity.UtteranceEnded.class::isInstance)
                .map(item -> ((VoiceActivity.UtteranceEnded) item).samples()).toList();
    }

    private static void measure(ResultTable table, String engineName, TranscriptionEngine engine,
            List<short[]> utterances, int rounds, String configuration) {
        long loadStart = System.nanoTime();
        String firstText = engine.transcribe(utterances.get(0), SpokenTrack.RATE, partial -> { });
        double firstMillis = (System.nanoTime() - loadStart) / 1e6;
        long engineNanos = 0;
        long audioMillis = 0;
        int calls = 0;
        int heard = 0;
        String lastText = firstText;
        for (int round = 0; round < rounds; round++) {
            for (short[] utterance : utterances) {
                long start = System.nanoTime();
                lastText = engine.transcribe(utterance, SpokenTrack.RATE, partial -> { });
                engineNanos += System.nanoTime() - start;
                audioMillis += Pcm16.millis(utterance.length, SpokenTrack.RATE);
                calls++;
                // espeak's voice may make the grammar hear a spurious "oh" between digits, as janus-input's test notes
                heard += lastText.replace(" oh", "").equals(SpokenTrack.PHRASE) ? 1 : 0;
            }
        }
        double factor = engineNanos / 1e6 / audioMillis;
        table.add(NAME, "real-time factor, " + engineName, factor, "ratio", null, String.format(Locale.ROOT,
                "engine time / audio duration over %d calls (%d utterances of %.0f ms on average, %d round(s)), one at "
                        + "a time: %.1f ms per call; %s; text '%s' (\"%s\" heard in %d of %d calls); first call, not "
                        + "counted (Sphinx loads its model in it): %.0f ms", calls, utterances.size(),
                audioMillis / (double) calls, rounds, engineNanos / 1e6 / calls, configuration, lastText,
                SpokenTrack.PHRASE, heard, calls, firstMillis));
    }
}
