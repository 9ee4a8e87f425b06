package dev.janus.input.speech;

import dev.janus.input.audio.WavFile;

/** Turns text into speech audio. Blocking and thread-safe. */
public interface SpeechSynthesizer {

    /** The engine's name in configuration. */
    String name();

    /**
     * Speaks one piece of text (a sentence).
     *
     * @throws SpeechException when the engine failed, with the reason
     */
    WavFile synthesize(String text);
}
