package dev.janus.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.janus.events.JanusEvent;
import dev.janus.memory.recall.RecallItem;
import org.jspecify.annotations.Nullable;

/**
 * Users' messages recorded without their embedding yet, because the message's context request usually brings the
 * orchestrator's embedding of it a few milliseconds later ({@code janus.memory.recall.embedding-wait}). Whoever takes
 * a message first indexes it: its context request ({@link #take}), or the wait running out; erasing its user drops
 * it ({@link #claimUser}). The results of the tools its turn ran may wait with it ({@link #attach}). At most
 * {@value #MAX_PENDING} wait; past that, {@link #defer} refuses and the caller embeds at once. Thread-safe.
 */
final class PendingEmbeddings implements AutoCloseable {

    static final int MAX_PENDING = 10_000;

    /** How long stopping waits for an embedding the timer is running. */
    static final int DRAIN_SECONDS = 10;

    /**
     * A message waiting for its embedding.
     *
     * @param flow the event the message came in
     * @param userId whose message it is
     * @param text the message
     * @param sourceEventId the event it was said in
     * @param at when it was said
     * @param answers the results of the tools its turn ran that came while it waited ({@link #attach}): they join
     *        recall with its vector; added to under the wait's lock, read by whoever took the message out of it
     */
    record Pending(JanusEvent flow, String userId, String text, String sourceEventId, Instant at,
            List<RecallItem> answers) {

        /** A message that begins to wait, with no answers yet. */
        static Pending of(JanusEvent flow, String userId, String text, String sourceEventId, Instant at) {
            return new Pending(flow, userId, text, sourceEventId, at, new ArrayList<>());
        }
    }

    private final Duration wait;
    private final Map<String, Pending> bySource = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "janus-memory-pending-embeddings");
        thread.setDaemon(true);
        return thread;
    });

    PendingEmbeddings(Duration wait) {
        this.wait = wait;
        // on shutdown the waits still to come are cancelled (drain hands their messages over); a running one finishes
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Whether messages wait at all (a zero wait embeds at once). */
    boolean enabled() {
        return !wait.isZero();
    }

    /**
     * Lets {@code pending} wait; if nobody claims it within the wait, {@code embedLate} gets it on the timer thread.
     * A message that waits already (delivered again) keeps its place, its wait and its answers. False (and nothing
     * waits) when too many wait already or the wait is zero.
     */
    boolean defer(Pending pending, Consumer<Pending> embedLate) {
        synchronized (bySource) {
            if (bySource.containsKey(pending.sourceEventId())) {
                return true;
            }
            if (!enabled() || bySource.size() >= MAX_PENDING) {
                return false;
            }
            bySource.put(pending.sourceEventId(), pending);
        }
        try {
            timer.schedule(() -> {
                Pending unclaimed = take(pending.sourceEventId());
                if (unclaimed != null) {
                    embedLate.accept(unclaimed);
                }
            }, wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (RejectedExecutionException e) {
            return take(pending.sourceEventId()) == null;
        }
    }

    /**
     * Lets a tool's result wait with the message said in {@code sourceEventId}, if that message of the same user
     * waits, to join recall with its vector; whether it waits.
     */
    boolean attach(String sourceEventId, RecallItem answer) {
        synchronized (bySource) {
            Pending waiting = bySource.get(sourceEventId);
            if (waiting == null || !waiting.userId().equals(answer.userId())) {
                return false;
            }
            waiting.answers().add(answer);
            return true;
        }
    }

    /** The message said in {@code sourceEventId}, if it waits; it goes on waiting. */
    @Nullable Pending peek(String sourceEventId) {
        synchronized (bySource) {
            return bySource.get(sourceEventId);
        }
    }

    /** Takes the message said in {@code sourceEventId} out of the wait and returns it, if it was waiting. */
    @Nullable Pending take(String sourceEventId) {
        synchronized (bySource) {
            return bySource.remove(sourceEventId);
        }
    }

    /** Takes every waiting message of the user out of the wait, oldest first. */
    List<Pending> claimUser(String userId) {
        List<Pending> claimed = new ArrayList<>();
        synchronized (bySource) {
            for (Iterator<Pending> waiting = bySource.values().iterator(); waiting.hasNext();) {
                Pending pending = waiting.next();
                if (pending.userId().equals(userId)) {
                    claimed.add(pending);
                    waiting.remove();
                }
            }
        }
        return claimed;
    }

    /** How many messages wait. */
    int size() {
        synchronized (bySource) {
            return bySource.size();
        }
    }

    /**
     * Stops the wait's timer, lets an embedding it is running finish (up to {@value #DRAIN_SECONDS} s), and takes every
     * message still waiting out of the wait, oldest first.
     */
    List<Pending> drain() {
        timer.shutdown();
        try {
            timer.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (bySource) {
            List<Pending> waiting = new ArrayList<>(bySource.values());
            bySource.clear();
            return waiting;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
