package dev.janus.tools.execution;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import dev.janus.events.EventLimits;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolResult;
import org.jspecify.annotations.Nullable;

/**
 * A call the {@link ToolExecutor} accepted: its result arrives once, from whichever comes first — the tool
 * returning or failing, the timeout, or a cancellation. A timeout or cancellation interrupts the tool's thread.
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
    private volatile @Nullable Future<?> task;

    RunningCall(ToolCall call, String streamId, long startedNanos) {
        this.call = call;
        this.streamId = streamId;
        this.startedNanos = startedNanos;
    }

    /** A call that ended before it ran: unknown tool, bad arguments, open breaker, no capacity. */
    static RunningCall ended(ToolCall call, String streamId, long startedNanos, String error, Ending ending) {
        RunningCall running = new RunningCall(call, streamId, startedNanos);
        running.fail(error, ending);
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

    void attach(Future<?> running) {
        task = running;
        if (outcome.isDone()) {
            running.cancel(true);
        }
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
        Future<?> running = task;
        if (ended && running != null && (ending == Ending.TIMED_OUT || ending == Ending.CANCELLED)) {
            running.cancel(true);
        }
        return ended;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
