package dev.janus.tools.execution;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.StreamEnded;
import dev.janus.events.StreamInterrupted;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.tools.registry.CallOrigin;
import dev.janus.tools.registry.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools component on the bus, in consumer group {@code janus-tools}:
 * <ul>
 * <li>{@code orchestrator.tools.requested}: each call is claimed in {@link CallOutcomes} and started on the
 * {@link ToolExecutor} — {@code tools.execution.started}, {@code .progress} while it runs, then
 * {@code .completed} or {@code .failed} (with a reason a user can read). The handler returns as soon as the
 * calls are started, so a long timer never holds a bus thread. A call that finished before (a redelivered
 * request) has its recorded result republished, not run again; a call claimed and still running is left
 * alone.</li>
 * <li>{@code input.stream.interrupted} and {@code input.stream.ended}, on every instance (broadcast): the
 * stream's running calls are cancelled and fail with "cancelled: ...".</li>
 * </ul>
 */
public final class ToolCallHandler extends EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(ToolCallHandler.class);

    private final EventBus bus;
    private final ToolExecutor executor;
    private final CallOutcomes outcomes;
    private final RunningCalls running;
    private final Duration retention;
    private final String group;
    private final CallEvents events;

    public ToolCallHandler(EventBus bus, ToolExecutor executor, CallOutcomes outcomes, RunningCalls running,
            Duration retention, String group) {
        this.bus = bus;
        this.executor = executor;
        this.outcomes = outcomes;
        this.running = running;
        this.retention = retention;
        this.group = group;
        this.events = new CallEvents(group);
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(
                bus.subscribe(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, group, this::onRequest),
                bus.subscribeBroadcast(EventKeys.INPUT_STREAM_INTERRUPTED, group, this::onInterrupted),
                bus.subscribeBroadcast(EventKeys.INPUT_STREAM_ENDED, group, this::onEnded));
    }

    void onRequest(JanusEvent request, ToolRequest calls) {
        CallOrigin origin = CallOrigin.of(request);
        for (ToolCall call : calls.calls()) {
            CallOutcomes.Claim claim = outcomes.claim(request.eventId(), call.callId(), retention);
            JanusEvent finished = claim.result();
            if (finished != null) {
                log.debug("Call {} of {} ran before; republishing its result", call.callId(), request.eventId());
                bus.publish(finished).join();
            }
            else if (claim.won()) {
                try {
                    start(request, origin, call);
                }
                catch (RuntimeException e) {
                    // e.g. the bus refused tools.execution.started: the bus retries the request, which may claim again
                    outcomes.release(request.eventId(), call.callId());
                    throw e;
                }
            }
            else {
                log.info("Call {} of {} is running already; not starting it again", call.callId(), request.eventId());
            }
        }
    }

    private void start(JanusEvent request, CallOrigin origin, ToolCall call) {
        AtomicInteger reports = new AtomicInteger();
        ProgressListener progress = (fraction, message) -> publishQuietly(
                events.progress(request, call, reports.incrementAndGet(), fraction, message));
        RunningCall started = executor.start(call, origin, progress, startedCall -> {
            // tracked before the tool runs: a stream's end or barge-in right after its first progress still finds it
            running.track(startedCall);
            return bus.publish(events.started(request, call));
        });
        // after start returned, so the result follows tools.execution.started on the bus
        started.result().thenAccept(result -> finish(request, result));
    }

    /**
     * Publishes the result while its outcome is recorded, rather than after: one round trip less before the reply.
     * The record serves only a request delivered again, which finds the call either claimed (left alone: its result is
     * on its way) or finished (its result republished). The price: a copy of the request that arrives in the moment
     * between the two, for a result whose publish then fails, no longer republishes it (the failure is logged).
     */
    private void finish(JanusEvent request, ToolResult result) {
        JanusEvent event = events.result(request, result);
        CompletableFuture<Void> published;
        try {
            published = bus.publish(event);
        }
        catch (RuntimeException e) {
            // the outcome is recorded all the same, so that a request delivered again republishes it
            published = CompletableFuture.failedFuture(e);
        }
        try {
            outcomes.finish(request.eventId(), result.callId(), event, retention);
        }
        catch (RuntimeException e) {
            log.warn("Could not record the outcome of call {} of {}: {}", result.callId(), request.eventId(),
                    e.toString());
        }
        published.whenComplete((done, error) -> {
            if (error != null) {
                log.error("Could not publish the result of call {} of {}: {}", result.callId(), request.eventId(),
                        error.toString());
            }
        });
    }

    private void publishQuietly(JanusEvent event) {
        try {
            bus.publish(event).join();
        }
        catch (RuntimeException e) {
            log.warn("Could not publish progress {}: {}", event.eventId(), e.toString());
        }
    }

    void onInterrupted(JanusEvent event, StreamInterrupted interrupted) {
        cancel(event.streamId(), "the user interrupted the conversation (" + interrupted.reason() + ")");
    }

    void onEnded(JanusEvent event, StreamEnded ended) {
        cancel(event.streamId(), "the conversation ended (" + ended.reason() + ")");
    }

    private void cancel(String streamId, String reason) {
        int cancelled = running.cancel(streamId, reason);
        if (cancelled > 0) {
            log.info("Cancelled {} tool call(s) of stream {}: {}", cancelled, streamId, reason);
        }
    }
}
