package dev.janus.input.rest;

import java.io.IOException;

/** A request body larger than {@code janus.input.max-body-bytes}. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(int limit) {
        super("request body must be at most " + limit + " bytes (janus.input.max-body-bytes)");
    }
}
