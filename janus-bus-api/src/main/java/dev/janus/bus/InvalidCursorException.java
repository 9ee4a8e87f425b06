package dev.janus.bus;

/**
 * A cursor given to {@link EventHistory#conversation} is not one the engine could have given: not of its form, or a
 * number out of its range. The caller passed it on from a client, so it is the client's mistake, not the bus's.
 */
public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException(String message) {
        super(message);
    }
}
