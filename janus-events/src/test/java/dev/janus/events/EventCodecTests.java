package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventCodecTests {

    private final EventCodec codec = new EventCodec();

    /** A plain mapper to look at and tamper with the JSON the codec writes. */
    private final JsonMapper json = JsonMapper.builder().build();

    @Nested
    class RoundTrip {

        @ParameterizedTest
        @EnumSource(EventType.class)
        void decodesWhatItEncodesForEveryEventType(EventType type) {
            // given
            JanusEvent event = EventFixtures.eventOf(type);

            // when
            JanusEvent decoded = codec.decode(codec.encode(event));

            // then
            assertThat(decoded).isEqualTo(event);
            assertThat(decoded.content()).isInstanceOf(type.contentType());
        }

        @ParameterizedTest
        @EnumSource(EventType.class)
        void writesEveryContentComponentUnderItsSnakeCaseName(EventType type) {
            // given
            JanusEvent event = EventFixtures.eventOf(type);
            Set<String> components = Arrays.stream(type.contentType().getRecordComponents())
                    .map(EventCatalogue::wireName)
                    .collect(Collectors.toSet());

            // when
            JsonNode content = tree(codec.encode(event)).get("content");

            // then
            assertThat(content.propertyNames()).isSubsetOf(components);
            assertThat(components).allSatisfy(name -> assertThat(content.has(name) || isNullInFixture(event, name))
                    .as("content.%s is written", name)
                    .isTrue());
        }

        @Test
        void decodesStringAndBytesAlike() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_STREAM_ENDED);

            // when
            JanusEvent decoded = codec.decode(codec.encodeToString(event));

            // then
            assertThat(decoded).isEqualTo(event);
        }

        @Test
        void keepsVideoFrameOfTheLargestAllowedSize() {
            // given
            byte[] frame = EventFixtures.pcm(EventLimits.MAX_BINARY_BYTES);
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_VIDEO_FRAME, new VideoContent(frame, "image/jpeg", 0));

            // when
            JanusEvent decoded = codec.decode(codec.encode(event));

            // then
            assertThat(decoded.content(EventKeys.INPUT_VIDEO_FRAME).data()).isEqualTo(frame);
        }

        private boolean isNullInFixture(JanusEvent event, String name) {
            return event.content() instanceof ToolResult result
                    && (name.equals("output") && result.output() == null || name.equals("error") && result.error() == null);
        }
    }

    @Nested
    class WireFormat {

        @Test
        void namesEnvelopeFieldsInSnakeCase() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);

            // when
            JsonNode root = tree(codec.encode(event));

            // then
            assertThat(root.propertyNames()).containsExactlyInAnyOrder("event_id", "stream_id", "event_type",
                    "timestamp", "content", "context", "trace_id", "correlation_id", "causation_id", "schema_version");
            assertThat(root.get("context").propertyNames()).containsExactlyInAnyOrder("source", "user_id", "channel",
                    "traceparent", "attributes");
        }

        @Test
        void namesContentFieldsInSnakeCase() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_AUDIO_CHUNK);

            // when
            JsonNode content = tree(codec.encode(event)).get("content");

            // then
            assertThat(content.propertyNames()).containsExactlyInAnyOrder("data", "sample_rate", "channels", "encoding",
                    "sequence");
            assertThat(content.get("sample_rate").intValue()).isEqualTo(16_000);
        }

        @Test
        void writesTheTimestampAsIso8601String() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);

            // when
            JsonNode root = tree(codec.encode(event));

            // then
            assertThat(root.get("timestamp").isString()).isTrue();
            assertThat(root.get("timestamp").stringValue()).isEqualTo("2026-03-14T09:26:53.589Z");
        }

        @Test
        void writesTheEventTypeAsItsWireName() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.ORCHESTRATOR_TOOLS_REQUESTED);

            // when
            JsonNode root = tree(codec.encode(event));

            // then
            assertThat(root.get("event_type").stringValue()).isEqualTo("orchestrator.tools.requested");
        }

        @Test
        void writesBinaryDataAsBase64() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_AUDIO_CHUNK);
            byte[] samples = event.content(EventKeys.INPUT_AUDIO_CHUNK).data();

            // when
            JsonNode data = tree(codec.encode(event)).get("content").get("data");

            // then
            assertThat(data.isString()).isTrue();
            assertThat(Base64.getDecoder().decode(data.stringValue())).isEqualTo(samples);
        }

        @Test
        void writesSessionTypeInLowerCase() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_STREAM_STARTED);

            // when
            JsonNode content = tree(codec.encode(event)).get("content");

            // then
            assertThat(content.get("session_type").stringValue()).isEqualTo("meeting");
        }

        @Test
        void leavesAbsentOptionalFieldsOut() {
            // given
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, "stream-7", new StreamEnded("closed"),
                    EventContext.from("janus-input"));

            // when
            JsonNode root = tree(codec.encode(event));

            // then
            assertThat(root.has("causation_id")).isFalse();
            assertThat(root.get("context").propertyNames()).containsExactlyInAnyOrder("source", "attributes");
        }

        @Test
        void ignoresUnknownFields() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);
            ObjectNode root = tree(codec.encode(event));
            root.put("priority", "high");
            ((ObjectNode) root.get("content")).put("language", "en");
            ((ObjectNode) root.get("context")).putObject("device").put("os", "linux");

            // when
            JanusEvent decoded = codec.decode(json.writeValueAsString(root));

            // then
            assertThat(decoded).isEqualTo(event);
        }

        @Test
        void readsAbsentListsAndMapsAsEmpty() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_STREAM_STARTED)));
            ((ObjectNode) root.get("content")).remove("participants");
            ((ObjectNode) root.get("context")).remove("attributes");

            // when
            JanusEvent decoded = codec.decode(json.writeValueAsString(root));

            // then
            assertThat(decoded.content(EventKeys.INPUT_STREAM_STARTED).participants()).isEmpty();
            assertThat(decoded.context().attributes()).isEmpty();
        }
    }

    @Nested
    class StreamIdOf {

        @Test
        void readsTheEnvelopesStreamIdFromWhatEncodeWrites() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);

            // when
            String streamId = EventCodec.streamIdOf(codec.encode(event));

            // then
            assertThat(streamId).isEqualTo(event.streamId());
        }

        @Test
        void readsTheFirstStreamIdAsUtf8() {
            // given
            byte[] json = "{\"stream_id\":\"gespräch-1\",\"content\":{\"stream_id\":\"other\"}}"
                    .getBytes(StandardCharsets.UTF_8);

            // when
            String streamId = EventCodec.streamIdOf(json);

            // then
            assertThat(streamId).isEqualTo("gespräch-1");
        }

        @ParameterizedTest
        @ValueSource(strings = { "{\"event_id\":\"e-1\"}", "{\"stream_id\":\"a\\\"b\"}", "{\"stream_id\":\"a\\\\\"}",
                "{\"stream_id\":\"open", "{\"stream_id\":1}" })
        void answersNullWhenTheValueCannotBeReadWithoutDecoding(String json) {
            // when
            String streamId = EventCodec.streamIdOf(json.getBytes(StandardCharsets.UTF_8));

            // then
            assertThat(streamId).isNull();
        }
    }

    @Nested
    class Rejection {

        @Test
        void rejectsUnknownEventType() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("event_type", "input.message.recieved");

            // when / then
            assertInvalid(json.writeValueAsString(root), "event_type",
                    "event_type 'input.message.recieved' is not a known event type");
        }

        @Test
        void rejectsEventTypeThatIsNoString() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("event_type", 7);

            // when / then
            assertInvalid(json.writeValueAsString(root), "event_type", "event_type must be a string");
        }

        @ParameterizedTest
        @ValueSource(strings = {"event_id", "stream_id", "event_type", "timestamp", "content", "context", "trace_id",
                "correlation_id", "schema_version"})
        void rejectsMissingRequiredField(String field) {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.remove(field);

            // when / then
            assertInvalid(json.writeValueAsString(root), field, field + " is required");
        }

        @Test
        void rejectsNullForRequiredField() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.putNull("stream_id");

            // when / then
            assertInvalid(json.writeValueAsString(root), "stream_id", "stream_id is required");
        }

        @Test
        void rejectsContentThatBreaksItsRules() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            ((ObjectNode) root.get("content")).put("text", "   ");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.text", "content.text must not be blank");
        }

        @Test
        void rejectsContentOfAnotherType() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("event_type", EventType.TOOLS_EXECUTION_COMPLETED.wireName());

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.duration_ms", "content.duration_ms is required");
        }

        @Test
        void rejectsTextOverTheLimit() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            ((ObjectNode) root.get("content")).put("text", "a".repeat(EventLimits.MAX_TEXT_CHARS + 1));

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.text",
                    "content.text must be at most 32768 characters, but was 32769");
        }

        @Test
        void namesTheFullPathOfAFieldInANestedRecord() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.MEMORY_CONTEXT_ASSEMBLED)));
            ((ObjectNode) root.get("content").get("recent_turns").get(1)).put("role", "");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.recent_turns[1].role",
                    "content.recent_turns[1].role must not be blank");
        }

        @Test
        void rejectsMissingNumberInContent() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_AUDIO_CHUNK)));
            ((ObjectNode) root.get("content")).remove("sample_rate");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.sample_rate", "content.sample_rate is required");
        }

        @Test
        void rejectsMissingNumberInANestedRecord() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.MEMORY_CONTEXT_ASSEMBLED)));
            ((ObjectNode) root.get("content").get("recalled").get(0)).putNull("score");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.recalled[0].score",
                    "content.recalled[0].score is required");
        }

        @Test
        void namesTheFieldOfAMalformedValue() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_AUDIO_CHUNK)));
            ((ObjectNode) root.get("content")).put("sample_rate", "sixteen thousand");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.sample_rate", "content.sample_rate is malformed: ");
        }

        @Test
        void namesTheFieldOfAMalformedValueInANestedRecord() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.MEMORY_CONTEXT_ASSEMBLED)));
            ((ObjectNode) root.get("content").get("facts").get(0)).put("at", "last tuesday");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.facts[0].at", "content.facts[0].at is malformed: ");
        }

        @Test
        void rejectsUnknownSessionType() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_STREAM_STARTED)));
            ((ObjectNode) root.get("content")).put("session_type", "party");

            // when / then
            assertInvalid(json.writeValueAsString(root), "content.session_type", "content.session_type is malformed: ");
        }

        @Test
        void rejectsMalformedTimestamp() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("timestamp", "yesterday");

            // when / then
            assertInvalid(json.writeValueAsString(root), "timestamp", "timestamp is malformed");
        }

        @Test
        void rejectsInvalidContext() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            ((ObjectNode) root.get("context")).put("source", "");

            // when / then
            assertInvalid(json.writeValueAsString(root), "context.source", "context.source must not be blank");
        }

        @ParameterizedTest
        @ValueSource(strings = {"4BF92F3577B34DA6A3CE929D0E0E4736", "4bf92f3577b34da6", "not-a-trace-id-at-all-0000000000"})
        void rejectsBadTraceId(String traceId) {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("trace_id", traceId);

            // when / then
            assertInvalid(json.writeValueAsString(root), "trace_id",
                    "trace_id must be 32 lower-case hex digits, but was '" + traceId + "'");
        }

        @Test
        void rejectsEventOverTheSizeLimitWhenDecoding() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED)));
            root.put("padding", "x".repeat(3 * 1024 * 1024));
            byte[] oversized = json.writeValueAsBytes(root);

            // when / then
            assertThatThrownBy(() -> codec.decode(oversized))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .satisfies(e -> assertThat(e.field()).as("field named by \"%s\"", e.getMessage()).isEqualTo("event"))
                    .hasMessageContaining("at most " + EventLimits.MAX_EVENT_BYTES + " bytes")
                    .hasMessageContaining("but was " + oversized.length);
        }

        @Test
        void rejectsEventOverTheSizeLimitWhenEncoding() {
            // given: 100 turns of the longest text, each character two bytes in UTF-8
            List<Turn> turns = Collections.nCopies(100,
                    new Turn("user", "ü".repeat(EventLimits.MAX_TEXT_CHARS), "evt-1", EventFixtures.NOW));
            JanusEvent event = EventFixtures.eventOf(EventType.MEMORY_CONTEXT_ASSEMBLED,
                    new AssembledContext(turns, List.of(), List.of()));

            // when / then
            assertThatThrownBy(() -> codec.encode(event))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .satisfies(e -> assertThat(e.field()).as("field named by \"%s\"", e.getMessage()).isEqualTo("event"))
                    .hasMessageContaining("must encode to at most " + EventLimits.MAX_EVENT_BYTES + " bytes")
                    .hasMessageContaining("memory.context.assembled " + event.eventId());
        }

        @Test
        void rejectsJsonNestedTooDeeplyWhenDecoding() {
            // given
            ObjectNode root = tree(codec.encode(EventFixtures.eventOf(EventType.ORCHESTRATOR_TOOLS_REQUESTED)));
            ObjectNode arguments = (ObjectNode) root.get("content").get("calls").get(0).get("arguments");
            ObjectNode level = arguments;
            for (int depth = 0; depth < EventLimits.MAX_JSON_DEPTH; depth++) {
                level = level.putObject("nested");
            }

            // when / then
            assertInvalid(json.writeValueAsString(root), "event", "event breaks a limit of the contract: ");
            assertInvalid(json.writeValueAsString(root), "event", "maximum allowed (" + EventLimits.MAX_JSON_DEPTH);
        }

        @Test
        void rejectsContentNestedTooDeeplyWhenEncoding() {
            // given
            Map<String, Object> arguments = new HashMap<>();
            for (int depth = 0; depth < EventLimits.MAX_JSON_DEPTH; depth++) {
                arguments = Map.of("nested", arguments);
            }
            JanusEvent event = EventFixtures.eventOf(EventType.ORCHESTRATOR_TOOLS_REQUESTED,
                    new ToolRequest(List.of(new ToolCall("call-1", "deep", arguments))));

            // when / then
            assertThatThrownBy(() -> codec.encode(event))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .satisfies(e -> assertThat(e.field()).as("field named by \"%s\"", e.getMessage()).isEqualTo("event"))
                    .hasMessageContaining("must nest at most " + EventLimits.MAX_JSON_DEPTH + " levels");
        }

        @Test
        void acceptsJsonNestedToTheLimit() {
            // given: the envelope, content, calls, a call and its arguments take five levels
            Map<String, Object> arguments = new HashMap<>();
            for (int depth = 5; depth < EventLimits.MAX_JSON_DEPTH; depth++) {
                arguments = Map.of("nested", arguments);
            }
            JanusEvent event = EventFixtures.eventOf(EventType.ORCHESTRATOR_TOOLS_REQUESTED,
                    new ToolRequest(List.of(new ToolCall("call-1", "deep", arguments))));

            // when
            JanusEvent decoded = codec.decode(codec.encode(event));

            // then
            assertThat(decoded).isEqualTo(event);
        }

        @ParameterizedTest
        @ValueSource(strings = {"hello", "{\"event_id\": ", "{\"event_id\": 'single quotes'}", "{} {}"})
        void rejectsInputThatIsNotJson(String input) {
            // when / then
            assertInvalid(input, "event", "event is not valid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"event_id\": \"evt-1\"}]", "\"input.message.received\"", "42", "null", ""})
        void rejectsJsonThatIsNoObject(String input) {
            // when / then
            assertInvalid(input, "event", "event must be a JSON object");
        }

        private void assertInvalid(String input, String field, String message) {
            assertThatThrownBy(() -> codec.decode(input))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .satisfies(e -> assertThat(e.field()).as("field named by \"%s\"", e.getMessage()).isEqualTo(field))
                    .hasMessageContaining(message);
        }
    }

    private ObjectNode tree(byte[] encoded) {
        return (ObjectNode) json.readTree(new String(encoded, StandardCharsets.UTF_8));
    }

    @Test
    void findsAControlCharacterWhereverItIsAmongBytesOfEveryValue() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly printable and high bytes, sometimes one below 0x20
                bytes[i] = (byte) (random.nextInt(10) == 0 ? random.nextInt(0x20) : 0x20 + random.nextInt(0xe0));
            }
            boolean expected = false;
            for (byte b : bytes) {
                expected |= (b & 0xff) < 0x20;
            }
            assertThat(EventCodec.hasControlCharacter(bytes)).as(Arrays.toString(bytes)).isEqualTo(expected);
        }
    }
}
