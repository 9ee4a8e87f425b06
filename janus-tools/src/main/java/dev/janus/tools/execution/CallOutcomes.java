package dev.janus.tools.execution;

import java.time.Duration;
import java.util.Optional;

import dev.janus.events.JanusEvent;

/**
 * What became of each call, keyed by the request event's id and the call id: claimed while it runs, then its
 * result event. A redelivered or repeated request finds the result and republishes that very event instead
 * of running the call again (a reminder is set once); a call claimed and still running is left to run.
 */
public interface CallOutcomes {

    /** The result event of the call, if it finished. */
    Optional<JanusEvent> result(String requestId, String callId);

    /** Claims the call for this instance; false when it was claimed before (it runs, or ran, elsewhere). */
    boolean claim(String requestId, String callId, Duration retention);

    /** Gives up a claim whose call could not be started, so that a retry of the request can start it. */
    void release(String requestId, String callId);

    /** Records the call's result event, kept for {@code retention}. */
    void finish(String requestId, String callId, JanusEvent result, Duration retention);

    /** Drops the stored results of calls made for {@code userId} (the user was erased); returns how many. */
    int forgetUser(String userId);
}
