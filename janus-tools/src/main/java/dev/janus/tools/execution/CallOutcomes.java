package dev.janus.tools.execution;

import java.time.Duration;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * What became of each call, keyed by the request event's id and the call id: claimed while it runs, then its
 * result event. A redelivered or repeated request finds the result and republishes that very event instead
 * of running the call again (a reminder is set once); a call claimed and still running is left to run.
 */
public interface CallOutcomes {

    /**
     * Claims the call for this instance, in one step with looking for its outcome: won, or the call's result event
     * when it finished, or neither when it was claimed before and still runs (here or elsewhere).
     */
    Claim claim(String requestId, String callId, Duration retention);

    /** Gives up a claim whose call could not be started, so that a retry of the request can start it. */
    void release(String requestId, String callId);

    /** Records the call's result event, kept for {@code retention}. */
    void finish(String requestId, String callId, JanusEvent result, Duration retention);

    /** Drops the stored results of calls made for {@code userId} (the user was erased); returns how many. */
    int forgetUser(String userId);

    /**
     * What claiming a call found.
     *
     * @param won whether this instance claimed the call and is to run it
     * @param result the call's result event when it had finished: republished, the call is not run again
     */
    record Claim(boolean won, @Nullable JanusEvent result) {

        /** This instance claimed the call. */
        public static final Claim WON = new Claim(true, null);

        /** The call was claimed before and has not finished. */
        public static final Claim RUNNING = new Claim(false, null);

        /** The call finished with {@code result}. */
        public static Claim finished(JanusEvent result) {
            return new Claim(false, result);
        }
    }
}
