package dev.janus.app.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.LearnedFact;
import dev.janus.events.ToolCall;
import org.jspecify.annotations.Nullable;

/**
 * What one request (a correlation id) came to: the message, the intent, the tools called with their arguments, the
 * facts memory wrote, the reply and how long it took.
 *
 * @param correlationId the request
 * @param streamId its stream
 * @param message what the user said
 * @param intent the classified intent, if classified
 * @param tools each tool call as {@code name {arguments}}, in the order requested
 * @param facts each fact written as {@code attribute = value}
 * @param reply the reply's text, if there was one
 * @param latencyMs from the message to the reply, if there was one
 */
public record Outcome(String correlationId, String streamId, String message, @Nullable String intent,
        List<String> tools, List<String> facts, @Nullable String reply, @Nullable Long latencyMs) {

    /** The outcome of every message among {@code events}, by correlation id, in the order of the messages. */
    public static Map<String, Outcome> of(List<JanusEvent> events) {
        Map<String, List<JanusEvent>> byRequest = new LinkedHashMap<>();
        events.stream().filter(event -> event.eventType() == EventType.INPUT_MESSAGE_RECEIVED)
                .forEach(message -> byRequest.put(message.correlationId(), new ArrayList<>()));
        events.forEach(event -> {
            List<JanusEvent> flow = byRequest.get(event.correlationId());
            if (flow != null) {
                flow.add(event);
            }
        });
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        byRequest.forEach((correlationId, flow) -> outcomes.put(correlationId, of(correlationId, flow)));
        return outcomes;
    }

    private static Outcome of(String correlationId, List<JanusEvent> flow) {
        JanusEvent message = flow.stream().filter(event -> event.eventType() == EventType.INPUT_MESSAGE_RECEIVED)
                .findFirst().orElseThrow();
        String intent = null;
        List<String> tools = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        String reply = null;
        Long latency = null;
        for (JanusEvent event : flow) {
            switch (event.eventType()) {
                case ORCHESTRATOR_INTENT_CLASSIFIED ->
                        intent = event.content(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED).intent();
                case ORCHESTRATOR_TOOLS_REQUESTED -> event.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED).calls()
                        .forEach(call -> tools.add(describe(call)));
                case MEMORY_FACT_LEARNED -> {
                    LearnedFact learned = event.content(EventKeys.MEMORY_FACT_LEARNED);
                    facts.add(learned.fact().attribute() + " = " + learned.fact().value());
                }
                case ORCHESTRATOR_RESPONSE_READY -> {
                    if (reply == null) {
                        reply = event.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text();
                        latency = Duration.between(message.timestamp(), event.timestamp()).toMillis();
                    }
                }
                default -> {
                }
            }
        }
        return new Outcome(correlationId, message.streamId(), message.content(EventKeys.INPUT_MESSAGE_RECEIVED).text(),
                intent, List.copyOf(tools), List.copyOf(facts), reply, latency);
    }

    private static String describe(ToolCall call) {
        // sorted, so that the same arguments in another order are the same call
        return call.name() + " " + new TreeMap<>(call.arguments());
    }
}
