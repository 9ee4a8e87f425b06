package dev.janus.memory.api;

/** The caller's principal may not see these memories; answered with 403. */
class ForbiddenException extends RuntimeException {

    ForbiddenException(String message) {
        super(message);
    }
}
