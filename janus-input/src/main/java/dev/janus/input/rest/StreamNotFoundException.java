package dev.janus.input.rest;

/** A request named a stream that has no session. */
class StreamNotFoundException extends RuntimeException {

    StreamNotFoundException(String streamId) {
        super("no open stream '" + streamId + "'; open one with POST /api/v1/streams or post a message to it");
    }
}
