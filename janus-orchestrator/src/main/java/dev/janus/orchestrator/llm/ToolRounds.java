package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.EventPublisher;
import dev.janus.bus.config.PropertyCheck;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;

/**
 * Runs a model's tool calls the way the orchestrator's own are run: publishes {@code orchestrator.tools.requested}
 * with the request's correlation id, and waits for the {@code tools.execution.completed|failed} results of those
 * call ids (every LLM instance receives them, {@link #onResult}), at most {@code janus.llm.tool-timeout}. A call
 * with no result in time gets a failed result saying so, which the model then sees; an interruption ends the wait.
 * The request event of round {@code n} has an id derived from the LLM request's id and {@code n}, so a retried
 * publish is the same event. Thread-safe.
 */
public final class ToolRounds {

    private final EventPublisher bus;
    private final Duration timeout;
    private final Map<String, CompletableFuture<ToolResult>> waiting = new ConcurrentHashMap<>();

    public ToolRounds(EventPublisher bus, Duration timeout) {
        this.bus = bus;
        this.timeout = timeout;
    }

    /** Takes a {@code tools.execution.completed|failed} event; results nobody here waits for are ignored. */
    public void onResult(JanusEvent event, ToolResult result) {
        CompletableFuture<ToolResult> waiter = waiting.remove(key(event.correlationId(), result.callId()));
        if (waiter != null) {
            waiter.complete(result);
        }
    }

    /** Runs {@code calls} for the reply's request and returns their results in call order. */
    public List<ToolResult> run(ReplyInProgress reply, int round, List<ToolCall> calls)
            throws InterruptedException {
        JanusEvent request = reply.request();
        Map<ToolCall, CompletableFuture<ToolResult>> results = new LinkedHashMap<>();
        for (ToolCall call : calls) {
            CompletableFuture<ToolResult> waiter = new CompletableFuture<>();
            waiting.put(key(request.correlationId(), call.callId()), waiter);
            results.put(call, waiter);
        }
        try {
            bus.publish(request.replyOnce(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, new ToolRequest(calls),
                    LlmComponent.GROUP, Integer.toString(round))).join();
            CompletableFuture<Void> all = CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new));
            try {
                CompletableFuture.anyOf(all, reply.cancelled()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException | ExecutionException e) {
                // the calls without a result say so below
            }
            reply.throwIfCancelled();
            List<ToolResult> answered = new ArrayList<>(calls.size());
            results.forEach((call, waiter) -> answered.add(waiter.getNow(new ToolResult(call.callId(), call.name(),
                    null, "the tool did not answer within " + PropertyCheck.readable(timeout)
                            + " (janus.llm.tool-timeout)", timeout.toMillis()))));
            return answered;
        }
        finally {
            calls.forEach(call -> waiting.remove(key(request.correlationId(), call.callId())));
        }
    }

    private static String key(String correlationId, String callId) {
        return correlationId + '\u0000' + callId;
    }
}
