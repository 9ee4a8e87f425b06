package dev.janus.tools.execution;

import java.util.concurrent.CompletableFuture;

import dev.janus.events.EventLimits;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolResult;
import org.jspecify.annotations.Nullable;

/**
 * A call the {@link ToolExecutor} accepted: its result arrives once, from whichever comes first — the tool
 * returning or failing, the timeout, or a cancellation. A timeout or cancellation interrupts the tool's thread;
 * {@link #stopped()} tells when that thread has really left the call.
 */
public final class RunningCall {

    /** How a call ended, which decides what its circuit breaker records. */
    enum Ending {
        COMPLETED, BAD_INPUT, TOOL_FAILED, TIMED_OUT, CANCELLED, REJECTED
    }

    record Outcome(ToolResult result, Ending ending) {
    }

    private static final int MAX_ERROR_CHARS = 4_000;

    private final ToolCall call;
    private final String streamId;
    private final long startedNanos;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<ToolResult> result = outcome.thenApply(Outcome::result);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private @Nullable Thread runner;

    RunningCall(ToolCall call, String streamId, long startedNanos) {
        this.call = call;
        this.streamId = streamId;
        this.startedNanos = startedNanos;
    }

    /** A call that ended before it ran: unknown tool, bad arguments, open breaker, no capacity. */
    static RunningCall ended(ToolCall call, String streamId, long startedNanos, String error, Ending ending) {
        RunningCall running = new RunningCall(call, streamId, startedNanos);
        running.fail(error, ending);
        running.stopped.complete(null);
        return running;
    }

    public String callId() {
        return call.callId();
    }

    public String toolName() {
        return call.name();
    }

    public String streamId() {
        return streamId;
    }

    /** The result: an output, or an error a user can read. Never completes exceptionally. */
    public CompletableFuture<ToolResult> result() {
        return result;
    }

    /** Ends the call with "cancelled: {@code reason}" unless it has ended; true when this cancelled it. */
    public boolean cancel(String reason) {
        return fail("cancelled: " + reason, Ending.CANCELLED);
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Completes once no thread runs the tool for this call any more (or none ever will). */
    CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Runs {@code tool} on the calling thread, where a timeout or cancellation can interrupt it, unless the call
     * has already ended; then marks the call stopped.
     */
    void runHere(Runnable tool) {
        synchronized (this) {
            if (outcome.isDone()) {
                stopped.complete(null);
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            tool.run();
        }
        finally {
            synchronized (this) {
                runner = null;
                // an interrupt meant for this call must not reach the thread's next task
                Thread.interrupted();
            }
            stopped.complete(null);
        }
    }

    /** The call will never run (no thread took it). */
    void neverRan() {
        stopped.complete(null);
    }

    boolean isDone() {
        return outcome.isDone();
    }

    boolean succeed(String output) {
        String text = output.length() > EventLimits.MAX_TEXT_CHARS
                ? output.substring(0, EventLimits.MAX_TEXT_CHARS - 40) + " … (output cut at the size limit)"
                : output;
        return outcome.complete(new Outcome(new ToolResult(call.callId(), call.name(), text, null, elapsedMillis()),
                Ending.COMPLETED));
    }

    boolean fail(String error, Ending ending) {
        String text = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS - 3) + "..." : error;
        boolean ended = outcome.complete(new Outcome(
                new ToolResult(call.callId(), call.name(), null, text.isBlank() ? "failed" : text, elapsedMillis()),
                ending));
        if (ended && (ending == Ending.TIMED_OUT || ending == Ending.CANCELLED)) {
            interruptRunner();
        }
        return ended;
    }

    private synchronized void interruptRunner() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
