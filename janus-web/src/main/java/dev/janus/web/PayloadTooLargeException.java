package dev.janus.web;

import java.io.IOException;

/**
 * A request body larger than its limit, thrown while the body is read (so a JSON reader fails with it as its
 * cause); answered 413 {@code payload_too_large} with this message.
 */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(int limit, String property) {
        super("request body must be at most " + limit + " bytes (" + property + ")");
    }
}
