package dev.janus.orchestrator.llm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventKeys;
import dev.janus.events.EventLimits;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import dev.janus.models.StoppedCall;
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

    /** The most characters a provider's reply may have: an event's text, less room for a closing note. */
    private static final int MAX_REPLY_CHARS = EventLimits.MAX_TEXT_CHARS - 512;

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

    /**
     * Adds streamed text; publishes a delta when the coalescing rules say so. A reply may hold at most
     * {@link #MAX_REPLY_CHARS} characters (what {@code llm.response.generated} carries, less room for a closing
     * note): the part of {@code piece} that fits is added and sent, then the reply is full.
     *
     * @throws ReplyTooLongException when the piece did not fit whole: the provider's stream must stop here
     */
    public synchronized void append(String piece) {
        if (piece.isEmpty() || isCancelled()) {
            return;
        }
        int room = MAX_REPLY_CHARS - text.length();
        if (piece.length() > room) {
            add(piece.substring(0, cutAt(piece, room)));
            flush();
            throw new ReplyTooLongException();
        }
        add(piece);
    }

    /**
     * Adds a note of Janus's own at the end of the reply (a reply cut off, a provider that failed), even to a full
     * reply: what does not fit in an event's text is left out.
     */
    public synchronized void appendNote(String note) {
        int room = EventLimits.MAX_TEXT_CHARS - text.length();
        if (room > 0 && !note.isEmpty() && !isCancelled()) {
            add(note.length() > room ? note.substring(0, cutAt(note, room)) : note);
        }
    }

    /** {@code length}, one less when that would split a surrogate pair. */
    private static int cutAt(String text, int length) {
        return length > 0 && Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
    }

    private void add(String piece) {
        if (piece.isEmpty()) {
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

    /** A reply that grew past {@link #MAX_REPLY_CHARS}: its provider's stream is stopped there. */
    public static final class ReplyTooLongException extends RuntimeException implements StoppedCall {

        private static final String REASON = "the reply passed the " + EventLimits.MAX_TEXT_CHARS / 1024
                + "k characters an event carries";

        ReplyTooLongException() {
            super(REASON);
        }

        /** Why the reply was stopped, for people. */
        @Override
        public String reason() {
            return REASON;
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
