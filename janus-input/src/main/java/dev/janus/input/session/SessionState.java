package dev.janus.input.session;

/** Where a session is in its life. */
public enum SessionState {
    /** Open: messages are accepted. */
    ACTIVE,
    /** Closed by the client or expired. */
    ENDED
}
