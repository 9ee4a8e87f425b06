package dev.janus.web.security;

import static dev.janus.events.Abbreviation.abbreviate;

/**
 * A request named a user other than its principal: only an admin may act for any user, and the owner of a meeting
 * or call stream for its declared participants. Answered 403 {@code user_mismatch}.
 */
public final class UserMismatchException extends RuntimeException {

    public UserMismatchException(JanusPrincipal principal, String requestedUser) {
        super("principal '" + principal.name() + "' may only speak as user '" + principal.name() + "', not as '"
                + abbreviate(requestedUser, 40) + "'; leave user_id out (it is the principal), or declare '"
                + abbreviate(requestedUser, 40) + "' a participant of a meeting or call stream you own");
    }
}
