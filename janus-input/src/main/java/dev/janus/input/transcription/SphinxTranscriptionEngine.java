package dev.janus.input.transcription;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import dev.janus.input.audio.Pcm16;
import dev.janus.input.audio.Resampler;
import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline engine: CMU Sphinx 4 in the JVM with its bundled US-English acoustic model and dictionary, with the
 * bundled n-gram language model or, when configured, a JSGF grammar. Nothing to install and no network, which is
 * why it is the default; with the language model it is slow and inaccurate on free speech (README figures), with
 * a grammar it is fast and reliable on the grammar's phrases. Recognisers are loaded on first use (seconds) and
 * reused; each transcribes one utterance at a time. Sphinx cuts an utterance into its own segments: every segment
 * but the last is reported as a partial transcript.
 */
public final class SphinxTranscriptionEngine implements TranscriptionEngine {

    /** The engine's name in configuration. */
    public static final String NAME = "sphinx";

    private static final Logger log = LoggerFactory.getLogger(SphinxTranscriptionEngine.class);
    private static final int MODEL_RATE = 16_000;

    private final TranscriptionProperties.Sphinx settings;
    private final BlockingQueue<Recognizer> idle;
    private int loaded;

    public SphinxTranscriptionEngine(TranscriptionProperties.Sphinx settings) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(settings.recognizers());
        if (settings.grammar() != null && !Files.isRegularFile(Path.of(settings.grammar()))) {
            throw new IllegalArgumentException("janus.input.voice.transcription.sphinx.grammar names no readable file: "
                    + settings.grammar());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String transcribe(short[] samples, int sampleRate, Consumer<String> partial) {
        short[] audio = sampleRate == MODEL_RATE ? samples : new Resampler(sampleRate, MODEL_RATE).process(samples);
        Recognizer recognizer = acquire();
        try {
            recognizer.speechSource(new ByteArrayInputStream(Pcm16.bytes(audio)));
            StringBuilder text = new StringBuilder();
            SpeechResult result;
            while ((result = recognizer.getResult()) != null) {
                String hypothesis = result.getHypothesis().strip();
                if (!hypothesis.isEmpty() && !text.isEmpty()) {
                    partial.accept(text.toString());
                }
                if (!hypothesis.isEmpty()) {
                    text.append(text.isEmpty() ? "" : " ").append(hypothesis);
                }
            }
            return text.toString();
        }
        catch (RuntimeException e) {
            throw new TranscriptionException("the offline Sphinx engine failed on an utterance of "
                    + Pcm16.millis(audio.length, MODEL_RATE) + " ms: " + e, e);
        }
        finally {
            idle.add(recognizer);
        }
    }

    private Recognizer acquire() {
        Recognizer recognizer = idle.poll();
        if (recognizer != null) {
            return recognizer;
        }
        synchronized (this) {
            if (loaded < settings.recognizers()) {
                loaded++;
                try {
                    return load();
                }
                catch (RuntimeException e) {
                    loaded--;
                    throw e;
                }
            }
        }
        try {
            return idle.take();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TranscriptionException("interrupted while waiting for a Sphinx recogniser", e);
        }
    }

    private Recognizer load() {
        long start = System.nanoTime();
        Configuration configuration = new Configuration();
        configuration.setAcousticModelPath(settings.acousticModel());
        configuration.setDictionaryPath(settings.dictionary());
        configuration.setSampleRate(MODEL_RATE);
        if (settings.grammar() != null) {
            Path grammar = Path.of(settings.grammar()).toAbsolutePath();
            String name = grammar.getFileName().toString();
            configuration.setGrammarPath(Objects.requireNonNull(grammar.getParent(), "an absolute file path has a parent")
                    .toUri().toString());
            configuration.setGrammarName(name.substring(0, name.length() - ".gram".length()));
            configuration.setUseGrammar(true);
        }
        else {
            configuration.setLanguageModelPath(settings.languageModel());
        }
        try {
            Recognizer recognizer = new Recognizer(new Context(configuration));
            log.info("Loaded a Sphinx recogniser ({}) in {} ms", settings.grammar() == null ? "language model"
                    : "grammar " + settings.grammar(), (System.nanoTime() - start) / 1_000_000);
            return recognizer;
        }
        catch (IOException | RuntimeException e) {
            throw new TranscriptionException("could not load the Sphinx model (janus.input.voice.transcription.sphinx): "
                    + e, e);
        }
    }

    /** A recogniser allocated once and fed one utterance after another (the stock stream recogniser reloads per use). */
    private static final class Recognizer extends AbstractSpeechRecognizer {

        Recognizer(Context context) throws IOException {
            super(context);
            recognizer.allocate();
        }

        void speechSource(ByteArrayInputStream audio) {
            context.setSpeechSource(audio);
        }
    }
}
