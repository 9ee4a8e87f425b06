package dev.janus.events;

import static dev.janus.events.Abbreviation.abbreviate;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * The envelope of every interaction in Janus: the seed's fields plus {@code causationId} (the event
 * this one answers) and {@code schemaVersion}. Immutable; the {@code with...} methods return copies.
 *
 * @param eventId unique id, used for tracing and idempotency
 * @param streamId the conversation (session) the event belongs to
 * @param eventType the topic, which also fixes the content record
 * @param timestamp when the event occurred
 * @param content the payload, of {@code eventType.contentType()}
 * @param context metadata about source, user, channel and trace
 * @param traceId the W3C trace id (32 hex digits) of the request flow
 * @param correlationId links the events of one request flow
 * @param causationId the event this one answers; absent for an event that starts a flow
 * @param schemaVersion the version of the envelope schema, currently {@link #SCHEMA_VERSION}
 */
public record JanusEvent(
        @JsonPropertyDescription("Unique id, used for tracing and idempotency.") String eventId,
        @JsonPropertyDescription("The conversation (session) the event belongs to.") String streamId,
        @JsonPropertyDescription("The topic, which also fixes the content record.") EventType eventType,
        @JsonPropertyDescription("When the event occurred.") Instant timestamp,
        @JsonPropertyDescription("The payload, the content record of the event type.") EventContent content,
        @JsonPropertyDescription("Metadata about source, user, channel and trace.") EventContext context,
        @JsonPropertyDescription("The W3C trace id (32 lower-case hex digits) of the request flow.") String traceId,
        @JsonPropertyDescription("Links the events of one request flow; the id of the event that started it.")
        String correlationId,
        @JsonPropertyDescription("The event this one answers; absent for an event that starts a flow.")
        @Nullable String causationId,
        @JsonPropertyDescription("The version of the envelope schema.") int schemaVersion) {

    /** The envelope schema this code writes. */
    public static final int SCHEMA_VERSION = 1;


    public JanusEvent {
        Constraints.nonBlank("event_id", eventId, EventLimits.MAX_ID_CHARS);
        Constraints.present("stream_id", streamId);
        if (!isStreamId(streamId)) {
            throw new InvalidEventException("stream_id",
                    "must be 1..128 characters of letters, digits and . _ : @ - (starting with a letter or digit), but was '"
                            + abbreviate(streamId, 40) + "'");
        }
        Constraints.present("event_type", eventType);
        Constraints.present("timestamp", timestamp);
        Constraints.present("content", content);
        if (!eventType.contentType().isInstance(content)) {
            throw new InvalidEventException("content", "of " + eventType.wireName() + " must be "
                    + eventType.contentType().getSimpleName() + ", but was " + content.getClass().getSimpleName());
        }
        Constraints.present("context", context);
        Constraints.present("trace_id", traceId);
        if (!isTraceId(traceId)) {
            throw new InvalidEventException("trace_id", "must be 32 lower-case hex digits, but was '"
                    + abbreviate(traceId, 40) + "'");
        }
        Constraints.nonBlank("correlation_id", correlationId, EventLimits.MAX_ID_CHARS);
        Constraints.optionalText("causation_id", causationId, EventLimits.MAX_ID_CHARS);
        Constraints.range("schema_version", schemaVersion, 1, 1_000);
    }

    /**
     * A new event that starts a request flow: fresh event id, correlation id equal to the event id,
     * a fresh trace id (replaced by the bus when tracing is on), no causation.
     */
    public static <C extends EventContent> JanusEvent create(EventKey<C> key, String streamId, C content,
            EventContext context) {
        return createWithId(newId(), key, streamId, content, context);
    }

    /**
     * Like {@link #create}, with an id the caller chose (say, one it handed out before publishing): the correlation
     * id equals it too.
     */
    public static <C extends EventContent> JanusEvent createWithId(String eventId, EventKey<C> key, String streamId,
            C content, EventContext context) {
        return new JanusEvent(eventId, streamId, key.type(), Instant.now(), content, context, newTraceId(), eventId,
                null, SCHEMA_VERSION);
    }

    /**
     * A new event in a flow that started earlier, built from what was kept of it rather than from the event being
     * answered (a reminder that falls due, an event about the source of a request): the caller gives the id, the
     * stream, the context and the flow's trace, correlation and cause; the timestamp is now.
     */
    public static <C extends EventContent> JanusEvent inFlow(String eventId, EventKey<C> key, String streamId,
            C content, EventContext context, String traceId, String correlationId, @Nullable String causationId) {
        return new JanusEvent(eventId, streamId, key.type(), Instant.now(), content, context, traceId, correlationId,
                causationId, SCHEMA_VERSION);
    }

    /**
     * A new event that answers this one: same stream, correlation and trace, caused by this event,
     * published by {@code source}.
     */
    public <C extends EventContent> JanusEvent reply(EventKey<C> key, C replyContent, String source) {
        return replyWithId(newId(), key, replyContent, source);
    }

    /**
     * Like {@link #reply}, but with an id derived from this event's id and {@code key}'s type: a handler
     * that runs again after a redelivery publishes the very same event, which every consumer group's
     * idempotency guard then skips. For handlers that publish at most one event of a type per event
     * they handle.
     */
    public <C extends EventContent> JanusEvent replyOnce(EventKey<C> key, C replyContent, String source) {
        return replyWithId(derivedId(eventId, key), key, replyContent, source);
    }

    /**
     * Like {@link #replyOnce(EventKey, EventContent, String)}, for handlers that publish several events of a type
     * per event they handle: {@code discriminator} (a call id, a fact id, a detector name) tells them apart and
     * is part of the derived id.
     */
    public <C extends EventContent> JanusEvent replyOnce(EventKey<C> key, C replyContent, String source,
            String discriminator) {
        return replyWithId(derivedId(eventId, key, discriminator), key, replyContent, source);
    }

    private <C extends EventContent> JanusEvent replyWithId(String id, EventKey<C> key, C replyContent,
            String source) {
        return new JanusEvent(id, streamId, key.type(), Instant.now(), replyContent, context.withSource(source),
                traceId, correlationId, eventId, SCHEMA_VERSION);
    }

    /**
     * The id of the event of {@code key}'s type that {@code causeId} gives rise to: the same for the same cause every
     * time (a name-based UUID of {@code <causeId>/<wire name>[/<discriminator>]}), so an event published again after a
     * redelivery or a restart is the very same event, which every group's idempotency guard then skips.
     *
     * @param causeId what the event answers: an event id, or another stable id (a reminder's)
     * @param discriminators tell apart several events of the type from one cause (a call id, a fact id, a detector)
     */
    public static String derivedId(String causeId, EventKey<?> key, String... discriminators) {
        StringBuilder name = new StringBuilder(causeId).append('/').append(key.wireName());
        for (String discriminator : discriminators) {
            name.append('/').append(discriminator);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** This event carrying the given trace: its id in {@code traceId}, the full W3C header in the context. */
    public JanusEvent withTrace(String newTraceId, @Nullable String traceparent) {
        return new JanusEvent(eventId, streamId, eventType, timestamp, content, context.withTraceparent(traceparent),
                newTraceId, correlationId, causationId, schemaVersion);
    }

    /** This event as it would be published at {@code newTimestamp}, everything else kept (a replay). */
    public JanusEvent withTimestamp(Instant newTimestamp) {
        return new JanusEvent(eventId, streamId, eventType, newTimestamp, content, context, traceId, correlationId,
                causationId, schemaVersion);
    }

    /**
     * The content, as the record {@code key} promises.
     *
     * @throws IllegalArgumentException if this event is not of {@code key}'s type
     */
    public <C extends EventContent> C content(EventKey<C> key) {
        if (key.type() != eventType) {
            throw new IllegalArgumentException("Event " + eventId + " is " + eventType.wireName() + " ("
                    + eventType.contentType().getSimpleName() + "), not " + key.wireName() + " ("
                    + key.contentType().getSimpleName() + ")");
        }
        return key.contentType().cast(content);
    }

    /**
     * A fresh random event id (a version-4 UUID). Event ids identify, they do not authorise, so a fast
     * non-cryptographic generator serves; every publish pays for it.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(3L << 62)) | (1L << 63);
        return new UUID(high, low).toString();
    }

    // Hand-written checks: they run for every event built, and a regex costs several times more.
    /**
     * Whether {@code value} is a valid stream id: 1..128 letters, digits and {@code . _ : @ -}, starting with a letter
     * or digit.
     */
    public static boolean isStreamId(String value) {
        if (value.isEmpty() || value.length() > 128 || !Character.isLetterOrDigit(value.charAt(0))
                || value.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '@' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTraceId(String value) {
        if (value.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong() | 1);
    }
}
