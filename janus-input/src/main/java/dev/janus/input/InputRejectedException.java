package dev.janus.input;

/**
 * Client input that Janus refuses, with a stable code and a message that says what was wrong and
 * how to fix it. Nothing is published for rejected input.
 */
public class InputRejectedException extends RuntimeException {

    private final String code;

    public InputRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable code, e.g. {@code text_too_long}. */
    public String code() {
        return code;
    }
}
