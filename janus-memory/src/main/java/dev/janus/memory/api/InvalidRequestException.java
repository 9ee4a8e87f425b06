package dev.janus.memory.api;

/** A path or parameter the REST interface refuses: answered 400 with the code and message. */
public class InvalidRequestException extends RuntimeException {

    private final String code;

    public InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The error code of the response. */
    public String code() {
        return code;
    }
}
