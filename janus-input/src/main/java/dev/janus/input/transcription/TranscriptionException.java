package dev.janus.input.transcription;

/** An engine could not transcribe an utterance; the message says why and what to check. */
public class TranscriptionException extends RuntimeException {

    public TranscriptionException(String message) {
        super(message);
    }

    public TranscriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
