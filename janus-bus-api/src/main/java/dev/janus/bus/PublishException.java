package dev.janus.bus;

/** The bus could not accept an event: it was invalid, the bus was closed, full, or Redis failed. */
public class PublishException extends RuntimeException {

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
