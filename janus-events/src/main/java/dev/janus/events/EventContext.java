package dev.janus.events;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * Metadata about where an event came from: the source component or channel, the user and the W3C
 * trace context. It travels in the envelope, never in the payload.
 *
 * @param source the component or client edge that produced the event, e.g. {@code janus-input}
 * @param userId the user the event is about; absent for system events
 * @param channel the client channel ({@code chat}, {@code voice}, {@code rest}, {@code webhook}); absent when not
 *        from a client
 * @param traceparent the W3C {@code traceparent} of the span that published the event; absent when untraced, and in a
 *        flow whose trace id tells it is unsampled
 * @param attributes further string metadata, at most 64 entries
 */
public record EventContext(
        @JsonPropertyDescription("The component or client edge that produced the event, e.g. `janus-input`.")
        String source,
        @JsonPropertyDescription("The user the event is about; absent for system events.") @Nullable String userId,
        @JsonPropertyDescription("The client channel (`chat`, `voice`, `rest`, `webhook`); absent when not from a client.")
        @Nullable String channel,
        @JsonPropertyDescription("The W3C `traceparent` of the span that published the event; absent when untraced, "
                + "and in a flow whose `trace_id` tells it is unsampled.")
        @Nullable String traceparent,
        @JsonPropertyDescription("Further string metadata, at most 64 entries.") Map<String, String> attributes) {

    public EventContext {
        Constraints.nonBlank("source", source, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("user_id", userId, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("channel", channel, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("traceparent", traceparent, 128);
        attributes = Constraints.map("attributes", attributes, 64);
        attributes.forEach((key, value) -> Constraints.text("attributes." + key, value, 1_000));
    }

    /** A context from {@code source} with no user, channel or trace. */
    public static EventContext from(String source) {
        return new EventContext(source, null, null, null, Map.of());
    }

    /** This context for {@code userId} on {@code channel}. */
    public EventContext forUser(@Nullable String userId, @Nullable String channel) {
        return new EventContext(source, userId, channel, traceparent, attributes);
    }

    /** This context with another source, as a component does when it answers an event. */
    public EventContext withSource(String newSource) {
        return new EventContext(newSource, userId, channel, traceparent, attributes);
    }

    /** This context carrying the given W3C trace context. */
    public EventContext withTraceparent(@Nullable String newTraceparent) {
        return new EventContext(source, userId, channel, newTraceparent, attributes);
    }
}
