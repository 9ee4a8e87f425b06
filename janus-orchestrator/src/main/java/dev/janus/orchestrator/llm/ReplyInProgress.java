package dev.janus.orchestrator.llm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import org.jspecify.annotations.Nullable;

/**
 * One reply while it is generated: the text so far, its deltas on the bus and its cancellation. Providers
 * {@link #append} text as it streams; deltas go out as {@code llm.response.delta} events coalesced by
 * {@link LlmProperties.Delta} (the first at once). {@link #cancel} (an {@code input.stream.interrupted}) stops it:
 * whatever waits on {@link #cancelled()} wakes, and {@link #onCancel} hooks (disposing a provider's stream) run.
 * A delta's event id derives from the request's id and its sequence, so a retried publish is the same event.
 * Appending is done by one thread at a time; cancelling may come from any.
 */
public final class ReplyInProgress {

    private final JanusEvent request;
    private final EventPublisher bus;
    private final LlmProperties.Delta coalescing;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private final CompletableFuture<String> cancelled = new CompletableFuture<>();
    private int sequence;
    private long lastPublishedNanos;
    private volatile @Nullable Runnable cancelHook;

    public ReplyInProgress(JanusEvent request, EventPublisher bus, LlmProperties.Delta coalescing) {
        this.request = request;
        this.bus = bus;
        this.coalescing = coalescing;
    }

    /** The {@code orchestrator.llm.requested} event being answered. */
    public JanusEvent request() {
        return request;
    }

    /** Adds streamed text; publishes a delta when the coalescing rules say so. */
    public synchronized void append(String piece) {
        if (piece.isEmpty() || isCancelled()) {
            return;
        }
        text.append(piece);
        pending.append(piece);
        long now = System.nanoTime();
        if (sequence == 0 || pending.length() >= coalescing.maxChars()
                || now - lastPublishedNanos >= coalescing.maxDelay().toNanos()) {
            flush();
        }
    }

    /** Publishes what is held back; called when the reply (or an attempt of it) ends. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String piece = pending.toString();
        pending.setLength(0);
        int number = sequence++;
        lastPublishedNanos = System.nanoTime();
        bus.publish(request.replyOnce(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(number, piece),
                LlmComponent.GROUP, Integer.toString(number)));
    }

    /** Whether any text reached the client: after that, an attempt must not be retried or replaced. */
    public synchronized boolean hasStreamed() {
        return sequence > 0;
    }

    /** The text so far. */
    public synchronized String text() {
        return text.toString();
    }

    /** Forgets text of an attempt that failed before anything was published, so a retry starts clean. */
    public synchronized void discardUnpublished() {
        if (sequence == 0) {
            text.setLength(0);
            pending.setLength(0);
        }
    }

    /** Stops the reply: waits end, the provider's stream is disposed. */
    public void cancel(String reason) {
        if (cancelled.complete(reason)) {
            Runnable hook = cancelHook;
            if (hook != null) {
                hook.run();
            }
        }
    }

    /** Whether the reply was cancelled. */
    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Completes with the reason when the reply is cancelled. */
    public CompletableFuture<String> cancelled() {
        return cancelled;
    }

    /** Runs {@code hook} on cancellation (at once if already cancelled); replaces the previous hook. */
    public void onCancel(@Nullable Runnable hook) {
        cancelHook = hook;
        if (hook != null && isCancelled()) {
            hook.run();
        }
    }

    /** Throws {@link CancellationException} when the reply was cancelled. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("the stream was interrupted (" + cancelled.getNow("") + ")");
        }
    }

    /** Waits {@code millis} unless cancelled first; a retry's backoff that an interruption cuts short. */
    public void pause(long millis) throws InterruptedException {
        try {
            cancelled.get(millis, TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.TimeoutException e) {
            return;
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        throwIfCancelled();
    }
}
