package dev.janus.orchestrator.join;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.janus.events.AssembledContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.ToolResult;
import org.jspecify.annotations.Nullable;

/**
 * The join of one message's branches: what it waits for, what has arrived and who completed it.
 * Immutable; a {@link JoinStore} keeps the current state. Arrivals are whole events (the classification,
 * {@code memory.context.assembled}, {@code tools.execution.completed|failed}); the first arrival of each
 * kind (per call id for tools) counts, so a repeated arrival changes nothing.
 *
 * @param message the {@code input.message.received} event the join answers; replies are built on it
 * @param expectsMemory whether memory was asked for context and is waited for
 * @param expectsIntent whether the classification is waited for: only when the responder that may answer reads the
 *        intent (the offline responder); otherwise an intent that arrives before the join completes still goes into
 *        the LLM request, and one that arrives later is ignored
 * @param expectedCallIds the tool calls requested, by call id, in request order
 * @param deadline when the join completes with whatever arrived
 * @param intent the {@code orchestrator.intent.classified} event, once classified
 * @param context the {@code memory.context.assembled} event, once memory answered
 * @param toolResults the {@code tools.execution.completed|failed} events by call id, as they arrived
 * @param completedBy the id of the arrival that completed the join, {@link #TIMEOUT} when its deadline did,
 *        absent while it is open
 */
public record Join(JanusEvent message, boolean expectsMemory, boolean expectsIntent, List<String> expectedCallIds,
        Instant deadline,
        @Nullable JanusEvent intent, @Nullable JanusEvent context, Map<String, JanusEvent> toolResults,
        @Nullable String completedBy) {

    /** The branch name of memory in {@link LlmRequest#missing()}. */
    public static final String MEMORY = "memory";

    /** The branch name of tools in {@link LlmRequest#missing()}. */
    public static final String TOOLS = "tools";

    /** The {@link #completedBy()} of a join its deadline completed. */
    public static final String TIMEOUT = "timeout";

    public Join {
        if (message.eventType() != EventType.INPUT_MESSAGE_RECEIVED) {
            throw new IllegalArgumentException("a join answers an input.message.received event, not "
                    + message.eventType());
        }
        expectedCallIds = List.copyOf(expectedCallIds);
        toolResults = Map.copyOf(toolResults);
    }

    /** A join that has just opened and waits for the classification: nothing arrived yet. */
    public static Join open(JanusEvent message, boolean expectsMemory, List<String> expectedCallIds,
            Instant deadline) {
        return open(message, expectsMemory, true, expectedCallIds, deadline);
    }

    /** A join that has just opened: nothing arrived yet. */
    public static Join open(JanusEvent message, boolean expectsMemory, boolean expectsIntent,
            List<String> expectedCallIds, Instant deadline) {
        return new Join(message, expectsMemory, expectsIntent, expectedCallIds, deadline, null, null, Map.of(), null);
    }

    /** The correlation id the join is kept under: the message's. */
    public String correlationId() {
        return message.correlationId();
    }

    /** Whether {@code event} is of a type a join takes as an arrival. */
    public static boolean isArrival(JanusEvent event) {
        return event.eventType() == EventType.ORCHESTRATOR_INTENT_CLASSIFIED
                || event.eventType() == EventType.MEMORY_CONTEXT_ASSEMBLED
                || event.eventType() == EventType.TOOLS_EXECUTION_COMPLETED
                || event.eventType() == EventType.TOOLS_EXECUTION_FAILED;
    }

    /** This join with {@code arrival} recorded, unless one of its kind arrived before or the join is complete. */
    public Join with(JanusEvent arrival) {
        if (completedBy != null) {
            return this;
        }
        EventType type = arrival.eventType();
        if (type == EventType.ORCHESTRATOR_INTENT_CLASSIFIED) {
            return intent != null ? this
                    : new Join(message, expectsMemory, expectsIntent, expectedCallIds, deadline, arrival, context,
                            toolResults, null);
        }
        if (type == EventType.MEMORY_CONTEXT_ASSEMBLED) {
            return context != null ? this
                    : new Join(message, expectsMemory, expectsIntent, expectedCallIds, deadline, intent, arrival,
                            toolResults, null);
        }
        if (type == EventType.TOOLS_EXECUTION_COMPLETED || type == EventType.TOOLS_EXECUTION_FAILED) {
            String callId = ToolResult.of(arrival).callId();
            if (toolResults.containsKey(callId)) {
                return this;
            }
            Map<String, JanusEvent> results = new LinkedHashMap<>(toolResults);
            results.put(callId, arrival);
            return new Join(message, expectsMemory, expectsIntent, expectedCallIds, deadline, intent, context, results,
                    null);
        }
        throw new IllegalArgumentException(type + " is not an arrival of a join");
    }

    /** This join, completed by the arrival with id {@code token} or by {@link #TIMEOUT}. */
    public Join completed(String token) {
        return new Join(message, expectsMemory, expectsIntent, expectedCallIds, deadline, intent, context, toolResults,
                token);
    }

    /**
     * Whether everything expected has arrived: the classification (when {@link #expectsIntent()}), memory's context,
     * every tool result.
     */
    public boolean hasEverything() {
        return (intent != null || !expectsIntent) && missing().isEmpty();
    }

    /** Whether the join is complete (it published, or is publishing, its LLM request). */
    public boolean isCompleted() {
        return completedBy != null;
    }

    /** Whether its deadline, rather than the last arrival, completed the join. */
    public boolean timedOut() {
        return TIMEOUT.equals(completedBy);
    }

    /** The branches expected that have not answered: {@value #MEMORY}, {@value #TOOLS}. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>(2);
        if (expectsMemory && context == null) {
            missing.add(MEMORY);
        }
        if (!toolResults.keySet().containsAll(expectedCallIds)) {
            missing.add(TOOLS);
        }
        return missing;
    }

    /**
     * The tool results that arrived: the expected calls' in request order, then any others, at most
     * {@value LlmRequest#MAX_TOOL_RESULTS} in all, their texts within what one request or reply lists
     * ({@link ToolResult#listed}).
     */
    public List<ToolResult> results() {
        List<ToolResult> results = new ArrayList<>(toolResults.size());
        for (String callId : expectedCallIds) {
            JanusEvent result = toolResults.get(callId);
            if (result != null) {
                results.add(ToolResult.of(result));
            }
        }
        toolResults.forEach((callId, result) -> {
            if (!expectedCallIds.contains(callId)) {
                results.add(ToolResult.of(result));
            }
        });
        // the most a request carries: the expected calls' first
        return ToolResult.listed(results.size() <= LlmRequest.MAX_TOOL_RESULTS ? results
                : results.subList(0, LlmRequest.MAX_TOOL_RESULTS));
    }

    /** The LLM request for what arrived; {@code defaultIntent} stands in for a classification that did not. */
    public LlmRequest llmRequest(String defaultIntent) {
        String label = intent == null ? defaultIntent
                : intent.content(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED).intent();
        AssembledContext assembled = context == null ? AssembledContext.empty()
                : context.content(EventKeys.MEMORY_CONTEXT_ASSEMBLED);
        return LlmRequest.fitted(message.content(EventKeys.INPUT_MESSAGE_RECEIVED).text(), label, assembled, results(),
                missing());
    }
}
