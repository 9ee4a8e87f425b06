package dev.janus.models;

import java.io.IOException;

/**
 * A provider's response passed the bounds Janus reads ({@link BoundedProviderResponses}): asking again would bring
 * the same, so it is not worth a retry.
 */
public final class ProviderResponseTooLargeException extends IOException implements StoppedCall {

    private static final long serialVersionUID = 1L;

    private final String reason;

    ProviderResponseTooLargeException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** What passed which bound, e.g. {@code a line of the provider's response passed 1 MB}. */
    @Override
    public String reason() {
        return reason;
    }
}
