package dev.janus.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link JanusEvent}s as JSON: snake_case field names, ISO-8601 timestamps,
 * binary data in base64, absent optional fields left out. Reading validates the whole event and
 * reports the first broken rule as an {@link InvalidEventException} naming the field. Thread-safe.
 */
public final class EventCodec {

    private static final byte[] STREAM_ID_KEY = "\"stream_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final JsonMapper mapper;
    // resolving a type for every field of every event is most of the cost of decoding; resolve each once
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    /** A codec with the contract's limits ({@link EventLimits}). */
    public EventCodec() {
        JsonFactory factory = JsonFactory.builder()
                // the bus decodes on a few long-lived threads: a buffer per thread, not a shared concurrent deque
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(EventLimits.MAX_JSON_DEPTH)
                        .maxStringLength(EventLimits.MAX_EVENT_BYTES)
                        .maxDocumentLength(EventLimits.MAX_EVENT_BYTES)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(EventLimits.MAX_JSON_DEPTH)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new RecordConstructors())
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /**
     * The event as UTF-8 JSON; fails when it encodes to more than {@link EventLimits#MAX_EVENT_BYTES} or
     * nests deeper than {@link EventLimits#MAX_JSON_DEPTH}, so that it never writes what {@link #decode} rejects.
     */
    public byte[] encode(JanusEvent event) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
        }
        catch (JacksonException e) {
            StreamConstraintsException limit = constraintCause(e);
            if (limit != null) {
                throw new InvalidEventException("event", "must nest at most " + EventLimits.MAX_JSON_DEPTH
                        + " levels deep, but " + event.eventType() + " " + event.eventId() + " breaks it: "
                        + limit.getOriginalMessage());
            }
            throw e;
        }
        if (json.length > EventLimits.MAX_EVENT_BYTES) {
            throw new InvalidEventException("event", "must encode to at most " + EventLimits.MAX_EVENT_BYTES
                    + " bytes, but " + event.eventType() + " " + event.eventId() + " encodes to " + json.length);
        }
        return json;
    }

    /** The event as a JSON string; see {@link #encode(JanusEvent)}. */
    public String encodeToString(JanusEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /**
     * The conversation an event's UTF-8 JSON belongs to, read without decoding it: the string value of its first
     * {@code "stream_id"} key, which in what {@link #encode} writes is the envelope's (it precedes the content).
     * Null when there is none, or when the value holds an escape: the caller then decodes the event to know. (A quote
     * or backslash byte never occurs inside a multi-byte UTF-8 character, so the bytes can be searched as they are.)
     */
    public static @Nullable String streamIdOf(byte[] json) {
        int key = indexOf(json, STREAM_ID_KEY);
        if (key < 0) {
            return null;
        }
        int start = key + STREAM_ID_KEY.length;
        for (int end = start; end < json.length; end++) {
            if (json[end] == '"') {
                return new String(json, start, end - start, StandardCharsets.UTF_8);
            }
            if (json[end] == '\\') {
                return null;
            }
        }
        return null;
    }

    /** Where {@code pattern} first occurs in {@code bytes}, or -1. */
    private static int indexOf(byte[] bytes, byte[] pattern) {
        byte first = pattern[0];
        for (int i = 0, last = bytes.length - pattern.length; i <= last; i++) {
            if (bytes[i] == first && Arrays.equals(bytes, i + 1, i + pattern.length, pattern, 1, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads and validates an event from a JSON string. */
    public JanusEvent decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and validates an event from UTF-8 JSON. Unknown fields are ignored; an unknown event
     * type, a missing or malformed field or an oversized event throws {@link InvalidEventException}.
     */
    public JanusEvent decode(byte[] json) {
        if (json.length > EventLimits.MAX_EVENT_BYTES) {
            throw new InvalidEventException("event", "must be at most " + EventLimits.MAX_EVENT_BYTES
                    + " bytes of JSON, but was " + json.length);
        }
        try {
            JanusEvent event = decodeInOnePass(json);
            if (event != null) {
                return event;
            }
        }
        catch (RuntimeException e) {
            // broken somewhere: the tree's reading below names the field and the rule
        }
        return decodeThroughTree(json);
    }

    /**
     * Reads a well-formed event in one pass over its tokens, the content straight into its record: what the bus
     * reads is nearly always well-formed and in the order {@link #encode} writes (the type before the content). Null,
     * or an exception, when it is not so simple; {@link #decodeThroughTree} then decides, and words any error.
     */
    @Nullable JanusEvent decodeInOnePass(byte[] json) {
        if (hasControlCharacter(json)) {
            // encode writes no raw control character, and base64 decoding would pass over one the tree refuses
            return null;
        }
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventId = null;
            String streamId = null;
            EventType type = null;
            Instant timestamp = null;
            EventContent content = null;
            EventContext context = null;
            String traceId = null;
            String correlationId = null;
            String causationId = null;
            Integer schemaVersion = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "event_id" -> eventId = string(parser, value);
                    case "stream_id" -> streamId = string(parser, value);
                    case "event_type" -> {
                        String typeName = string(parser, value);
                        type = typeName == null ? null : EventType.fromWireName(typeName).orElse(null);
                    }
                    case "timestamp" -> timestamp = value == JsonToken.VALUE_STRING ? utcInstant(parser.getString())
                            : null;
                    case "content" -> {
                        if (type == null || value == JsonToken.VALUE_NULL) {
                            return null;
                        }
                        content = reader(type.contentType()).readValue(parser);
                    }
                    case "context" -> context = value == JsonToken.VALUE_NULL ? null
                            : reader(EventContext.class).readValue(parser);
                    case "trace_id" -> traceId = string(parser, value);
                    case "correlation_id" -> correlationId = string(parser, value);
                    case "causation_id" -> {
                        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        causationId = string(parser, value);
                    }
                    case "schema_version" -> schemaVersion = value == JsonToken.VALUE_NUMBER_INT
                            ? Integer.valueOf(parser.getIntValue()) : null;
                    default -> {
                        // not a field encode writes: a skipped value is not checked, so the tree reads it all
                        return null;
                    }
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || eventId == null
                    || streamId == null || type == null || timestamp == null || content == null || context == null
                    || traceId == null || correlationId == null || schemaVersion == null) {
                return null;
            }
            return new JanusEvent(eventId, streamId, type, timestamp, content, context, traceId, correlationId,
                    causationId, schemaVersion);
        }
    }

    /**
     * Whether a byte is below 0x20, eight bytes at a time: {@code (x - 0x20..20) & ~x & 0x80..80} is non-zero exactly
     * when one of the eight bytes of {@code x} is below 0x20 (a byte from 0x80 up has its top bit set, which {@code ~x}
     * clears). A byte at a time was 5 % of a Redis consumer lane's CPU.
     */
    static boolean hasControlCharacter(byte[] json) {
        int i = 0;
        for (; i + Long.BYTES <= json.length; i += Long.BYTES) {
            long x = (long) LONGS.get(json, i);
            if (((x - 0x2020202020202020L) & ~x & 0x8080808080808080L) != 0) {
                return true;
            }
        }
        for (; i < json.length; i++) {
            if ((json[i] & 0xff) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /**
     * An instant as {@link #encode} writes it, {@code 2026-03-14T09:26:53.589Z} (UTC, 0 to 9 digits of fraction), read
     * without a formatter (which costs more than the rest of the envelope); null for any other form, which the tree's
     * reading then takes through Jackson's own parsing.
     */
    static @Nullable Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fraction; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        }
        catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text} from {@code start} to {@code end}, or -1 when a character is no digit. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A string value, or null when the value is not a string (the tree's reading then says what is wrong). */
    private static @Nullable String string(JsonParser parser, JsonToken value) {
        return value == JsonToken.VALUE_STRING ? parser.getString() : null;
    }

    /** The reader of a part of an event, which reads its value and leaves the rest of the event's tokens be. */
    private ObjectReader reader(Class<?> type) {
        return readers.computeIfAbsent(type,
                part -> mapper.readerFor(part).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    }

    /** Reads through a tree, field by field, so that an error names the field and the rule it breaks. */
    JanusEvent decodeThroughTree(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        }
        catch (StreamConstraintsException e) {
            throw new InvalidEventException("event", "breaks a limit of the contract: " + e.getOriginalMessage());
        }
        catch (JacksonException e) {
            throw new InvalidEventException("event", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("event", "must be a JSON object");
        }
        String typeName = field(root, "event_type", String.class);
        EventType type = EventType.fromWireName(typeName).orElseThrow(() -> new InvalidEventException("event_type",
                "'" + typeName + "' is not a known event type (see docs/events.md)"));
        return new JanusEvent(field(root, "event_id", String.class), field(root, "stream_id", String.class), type,
                field(root, "timestamp", Instant.class), field(root, "content", type.contentType()),
                field(root, "context", EventContext.class), field(root, "trace_id", String.class),
                field(root, "correlation_id", String.class), optionalField(root, "causation_id", String.class),
                field(root, "schema_version", Integer.class));
    }

    private <T> T field(JsonNode root, String name, Class<T> type) {
        T value = optionalField(root, name, type);
        if (value == null) {
            throw new InvalidEventException(name, "is required");
        }
        return value;
    }

    private <T> @Nullable T optionalField(JsonNode root, String name, Class<T> type) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type == String.class && !node.isString()) {
            throw new InvalidEventException(name, "must be a string");
        }
        try {
            return reader(type).readValue(node);
        }
        catch (JacksonException e) {
            String field = name + wirePath(e.getPath());
            InvalidEventException cause = invalidCause(e);
            if (cause != null) {
                throw cause.under(field);
            }
            JsonNode value = valueAt(node, e.getPath());
            if (value == null || value.isNull()) {
                // Jackson reports a missing primitive as a null it cannot map; on the wire it is a missing field
                throw new InvalidEventException(field, "is required");
            }
            throw new InvalidEventException(field, "is malformed: " + e.getOriginalMessage());
        }
    }

    /** The path Jackson reports, as it reads on the wire: {@code .recent_turns[1].at}. */
    private static String wirePath(List<JacksonException.Reference> path) {
        StringBuilder wire = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                wire.append('.').append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                wire.append('[').append(reference.getIndex()).append(']');
            }
        }
        return wire.toString();
    }

    private static @Nullable JsonNode valueAt(JsonNode node, List<JacksonException.Reference> path) {
        JsonNode value = node;
        for (JacksonException.Reference reference : path) {
            if (value == null) {
                return null;
            }
            value = reference.getPropertyName() != null ? value.get(reference.getPropertyName())
                    : value.get(reference.getIndex());
        }
        return value;
    }

    private static @Nullable StreamConstraintsException constraintCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return limit;
            }
        }
        return null;
    }

    private static @Nullable InvalidEventException invalidCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
