package dev.janus.input.session;

import java.util.Optional;

/**
 * Who owns each stream id, for life: the principal that first used it (opened it, posted to it, or connected a
 * socket or the event stream to it). Ownership outlives the session, so an ended stream never changes hands; only
 * its owner (or an admin) uses it again. Erasing a user's memories keeps it: it is not the user's content.
 * Thread-safe; on Redis every input node sees the same owners.
 */
public interface StreamOwners {

    /**
     * Makes {@code principal} the owner of {@code streamId} unless it has one; returns the owner either way (the
     * first claim wins, also across nodes).
     */
    String claim(String streamId, String principal);

    /** The owner of {@code streamId}, if anyone has used it. */
    Optional<String> find(String streamId);
}
