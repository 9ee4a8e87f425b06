package dev.janus.memory;


import dev.janus.events.EventContent;
import dev.janus.events.EventKey;
import dev.janus.events.JanusEvent;

/**
 * Events memory publishes about something it learned from a source event (a conflict, a pattern): in the source's
 * flow (stream, trace, correlation), caused by the source, with an id derived from the source event, the type and
 * what the event is about, so a redelivery reproduces it. Unlike {@link JanusEvent#replyOnce(EventKey, EventContent,
 * String, String)}, which derives from the event it answers, the id derives from the source event: a
 * message recorded from {@code input.message.received} and again from its context request yields the same events.
 */
public final class MemoryEvents {

    private MemoryEvents() {
    }

    /**
     * An event of {@code key}'s type about {@code subject}, learned from {@code sourceEventId}, in the flow of
     * {@code flow} (the source event itself, or a request that carries its flow).
     */
    public static <C extends EventContent> JanusEvent learned(JanusEvent flow, String sourceEventId, EventKey<C> key,
            String subject, C content) {
        String id = JanusEvent.derivedId(sourceEventId, key, subject);
        return JanusEvent.inFlow(id, key, flow.streamId(), content,
                flow.context().withSource(MemoryConfiguration.COMPONENT), flow.traceId(), flow.correlationId(),
                sourceEventId);
    }
}
