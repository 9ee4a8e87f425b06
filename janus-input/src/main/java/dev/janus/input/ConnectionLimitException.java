package dev.janus.input;

/**
 * One more event stream or waiting request would break a limit of {@link OpenSockets}: 429 {@code too_many_connections} when the
 * principal holds its most, 503 (with {@code Retry-After}) when the node does.
 */
public class ConnectionLimitException extends RuntimeException {

    private final boolean nodeFull;

    public ConnectionLimitException(String message, boolean nodeFull) {
        super(message);
        this.nodeFull = nodeFull;
    }

    /** Whether the node's limit was met (rather than the principal's). */
    public boolean nodeFull() {
        return nodeFull;
    }
}
