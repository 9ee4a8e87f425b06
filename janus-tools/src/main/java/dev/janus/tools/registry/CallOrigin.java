package dev.janus.tools.registry;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * Where a tool call came from: the request event and the conversation. Side effects are keyed by
 * {@code requestId} and the call id, so a repeated request never repeats them; later events (a reminder
 * falling due) go back to the same stream, user and request flow.
 *
 * @param requestId the id of the {@code orchestrator.tools.requested} event
 * @param streamId the conversation
 * @param correlationId the request flow
 * @param traceId the trace of the request flow
 * @param userId the user, when known
 * @param channel the channel the user spoke on, when known
 */
public record CallOrigin(String requestId, String streamId, String correlationId, String traceId,
        @Nullable String userId, @Nullable String channel) {

    /** A call outside any conversation, for direct use and tests. */
    public static final CallOrigin DIRECT = new CallOrigin("direct", "direct", "direct",
            "00000000000000000000000000000001", null, null);

    /** The origin of calls requested by {@code request}. */
    public static CallOrigin of(JanusEvent request) {
        return new CallOrigin(request.eventId(), request.streamId(), request.correlationId(), request.traceId(),
                request.context().userId(), request.context().channel());
    }
}
