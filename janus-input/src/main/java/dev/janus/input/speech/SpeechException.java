package dev.janus.input.speech;

/** A speech engine could not speak a text; the message says why. */
public class SpeechException extends RuntimeException {

    public SpeechException(String message) {
        super(message);
    }

    public SpeechException(String message, Throwable cause) {
        super(message, cause);
    }
}
