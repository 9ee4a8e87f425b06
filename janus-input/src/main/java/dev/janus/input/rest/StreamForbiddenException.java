package dev.janus.input.rest;

import dev.janus.web.security.JanusPrincipal;

/** A request named a stream that belongs to another principal. */
class StreamForbiddenException extends RuntimeException {

    StreamForbiddenException(String streamId, JanusPrincipal principal) {
        super("stream '" + streamId + "' belongs to another principal than '" + principal.name()
                + "'; open a stream of your own with POST /api/v1/streams");
    }
}
