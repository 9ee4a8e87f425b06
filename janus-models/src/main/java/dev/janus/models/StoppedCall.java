package dev.janus.models;

/**
 * An exception by which Janus itself stopped a model call (too long a reply, too large a response, past its
 * timeout): asking again would end the same way, so it is never retried, and its reason is fit for people.
 */
public interface StoppedCall {

    /** Why the call was stopped, e.g. {@code a line of the provider's response passed 1 MB}. */
    String reason();
}
