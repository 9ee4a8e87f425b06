package dev.janus.input;

import static dev.janus.events.Abbreviation.abbreviate;

import dev.janus.web.security.JanusPrincipal;

/** A request named a stream that belongs to another principal: 403 {@code forbidden}, or an error frame. */
public class StreamForbiddenException extends RuntimeException {

    public StreamForbiddenException(String streamId, JanusPrincipal principal) {
        super("stream '" + abbreviate(streamId, 60) + "' belongs to another principal than '" + principal.name()
                + "'; open a stream of your own with POST /api/v1/streams");
    }
}
