package dev.janus.memory.api;

/** Nothing is remembered under the requested user or memory id: answered 404. */
public class MemoryNotFoundException extends RuntimeException {

    private final String code;

    public MemoryNotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The error code of the response. */
    public String code() {
        return code;
    }
}
