package dev.janus.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.janus.events.EventContent;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;

/**
 * Events memory publishes about something it learned from a source event (a conflict, a pattern): in the source's
 * flow (stream, trace, correlation), caused by the source, with an id derived from the source event, the type and
 * what the event is about, so a redelivery reproduces it. Unlike {@link JanusEvent#replyOnce(dev.janus.events.EventType,
 * EventContent, String, String)}, which derives from the event it answers, the id derives from the source event: a
 * message recorded from {@code input.message.received} and again from its context request yields the same events.
 */
public final class MemoryEvents {

    private MemoryEvents() {
    }

    /**
     * An event of {@code type} about {@code subject}, learned from {@code sourceEventId}, in the flow of {@code flow}
     * (the source event itself, or a request that carries its flow).
     */
    public static JanusEvent learned(JanusEvent flow, String sourceEventId, EventType type, String subject,
            EventContent content) {
        String id = UUID.nameUUIDFromBytes((sourceEventId + "/" + type.wireName() + "/" + subject)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new JanusEvent(id, flow.streamId(), type, Instant.now(), content,
                flow.context().withSource(MemoryConfiguration.COMPONENT), flow.traceId(), flow.correlationId(),
                sourceEventId, JanusEvent.SCHEMA_VERSION);
    }
}
