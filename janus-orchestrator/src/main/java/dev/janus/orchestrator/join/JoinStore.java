package dev.janus.orchestrator.join;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.janus.events.JanusEvent;

/**
 * Where joins live between a message and its LLM request, so that any orchestrator replica can
 * record an arrival and exactly one completes each join: either the arrival after which everything
 * expected is there, or the replica that claims the passed deadline. A finished join is kept for the
 * configured retention (for the reply's tool results and to recognise repeats), then forgotten.
 * Thread-safe; the Redis implementation blocks for a round trip or two per call ({@link #open}: where its opening
 * is waited for).
 */
public interface JoinStore extends AutoCloseable {

    /**
     * Opens {@code join} unless one is kept for its correlation id. The store may still be at work when this returns
     * (the Redis store has sent its script), so that the caller can do other work meanwhile; {@link Opening#opened}
     * waits for it.
     */
    Opening open(Join join);

    /** A join being opened. */
    @FunctionalInterface
    interface Opening {

        /**
         * Waits until the join is open; whether this call opened it (false: one was kept already). Called once: on
         * Redis each call waits for the replicas again ({@code janus.bus.redis.wait-replicas}).
         *
         * @throws RuntimeException what the store failed with, as a call that waited would have thrown it
         */
        boolean opened();
    }

    /**
     * Records {@code arrival} in the join of {@code correlationId} and returns the join if this
     * arrival completed it, to this caller only. A repeat of the arrival that completed a join
     * returns it again (so a handler that failed after completing can retry its publish); any other
     * arrival at a completed or unknown join is ignored.
     */
    Optional<Join> arrive(String correlationId, JanusEvent arrival);

    /**
     * How long a claimed join waits for its claimer to {@link #settle} it before it is claimed again: longer than a
     * publish may take.
     */
    Duration CLAIM_LEASE = Duration.ofSeconds(30);

    /**
     * Completes up to {@code limit} open joins whose deadline is not after {@code now}, with what
     * arrived, and returns them. Each join is returned by one call on one replica; a join that
     * an arrival completed meanwhile is not. A claimed join not {@linkplain #settle settled} within
     * {@link #CLAIM_LEASE} is returned again once the lease has passed (its claimer could not publish
     * its request, or died), so every timed-out join's request is published at least once.
     */
    List<Join> claimExpired(Instant now, int limit);

    /** The request of the join {@code claimExpired} returned is published: it is not claimed again. */
    void settle(String correlationId);

    /** The join kept for {@code correlationId}, open or completed. */
    Optional<Join> find(String correlationId);

    /**
     * Records that the reply to the join is published for the response event {@code responseEventId}, and returns
     * the join with it: the reply is published the first time and for a repeat of the same response event, not once
     * another response event was recorded; for a join no longer kept, whose replies cannot be told apart, too.
     */
    ResponseMark markResponded(String correlationId, String responseEventId);

    /**
     * Drops every join of a request of {@code userId} (the user was erased), open or finished; returns how many. A
     * join's message and arrivals hold what the user said.
     */
    int forgetUser(String userId);

    /** Releases what the store holds (connections, not joins). */
    @Override
    void close();
}
