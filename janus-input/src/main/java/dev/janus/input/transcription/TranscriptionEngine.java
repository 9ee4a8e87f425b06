package dev.janus.input.transcription;

import java.util.function.Consumer;

/**
 * Turns one utterance into text. Engines are chosen by {@code janus.input.voice.transcription.engine}. Blocking;
 * implementations are thread-safe (they serialise internally where the underlying recogniser is not).
 */
public interface TranscriptionEngine {

    /** The engine's name in configuration and metrics, e.g. {@code sphinx}, {@code openai}. */
    String name();

    /**
     * Transcribes PCM16 mono samples.
     *
     * @param samples the utterance
     * @param sampleRate its rate
     * @param partial receives the text so far while the engine works, where the engine can tell (may never be called)
     * @return the text, empty when nothing was recognised
     * @throws TranscriptionException when the engine failed, with a reason a user can read
     */
    String transcribe(short[] samples, int sampleRate, Consumer<String> partial);
}
