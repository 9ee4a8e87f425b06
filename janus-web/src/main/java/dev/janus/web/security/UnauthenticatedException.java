package dev.janus.web.security;

/**
 * A request reached a handler without an authenticated principal. The security filter chain lets no such request
 * through to {@code /api/**} or {@code /ws/**}; this is the second line: such a request is answered 401, never
 * served as some default principal.
 */
public final class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException() {
        super("send an API key as 'Authorization: Bearer <key>' (WebSocket: also '?access_token=<key>')");
    }
}
