package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventContentTests {

    @Nested
    class VisibleText {

        @ParameterizedTest
        @ValueSource(strings = { "", " \t\n", "\u200B", "\uFEFF\u200B", "\u00A0 \u00A0", "\u2060\u200D", "\u0085" })
        void textOfInvisibleCharactersOnlyIsNotVisible(String text) {
            assertThat(TextContent.isVisible(text)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = { "a", "\u200Bhi\u200B", "\u00A0?", "日本", "🙂" })
        void textWithAVisibleCharacterIsVisible(String text) {
            assertThat(TextContent.isVisible(text)).isTrue();
        }
    }

    @Nested
    class ToolResultRules {

        @Test
        void succeedsWithOutputAndNoError() {
            // when
            ToolResult result = new ToolResult("call-1", "calculator", "397.8", null, 3);

            // then
            assertThat(result.succeeded()).isTrue();
        }

        @Test
        void failsWithErrorAndNoOutput() {
            // when
            ToolResult result = new ToolResult("call-1", "calculator", null, "division by zero", 3);

            // then
            assertThat(result.succeeded()).isFalse();
        }

        @Test
        void rejectsBothOutputAndError() {
            assertInvalid(() -> new ToolResult("call-1", "calculator", "397.8", "division by zero", 3), "output",
                    "output must be set exactly when error is not");
        }

        @Test
        void rejectsNeitherOutputNorError() {
            assertInvalid(() -> new ToolResult("call-1", "calculator", null, null, 3), "output",
                    "output must be set exactly when error is not");
        }

        @Test
        void acceptsEmptyOutput() {
            // when
            ToolResult result = new ToolResult("call-1", "clear_reminders", "", null, 0);

            // then
            assertThat(result.output()).isEmpty();
        }

        @Test
        void rejectsNegativeDuration() {
            assertInvalid(() -> new ToolResult("call-1", "calculator", "1", null, -1), "duration_ms",
                    "duration_ms must not be negative, but was -1");
        }
    }

    @Nested
    class ToolRequestRules {

        @Test
        void needsAtLeastOneCall() {
            assertInvalid(() -> new ToolRequest(List.of()), "calls", "calls must name at least one tool call");
        }

        @Test
        void readsAbsentCallsAsNoCalls() {
            assertInvalid(() -> new ToolRequest(null), "calls", "calls must name at least one tool call");
        }

        @Test
        void rejectsMoreThan32Calls() {
            // given
            List<ToolCall> calls = Collections.nCopies(33, EventFixtures.calculatorCall());

            // when / then
            assertInvalid(() -> new ToolRequest(calls), "calls", "calls must have at most 32 items, but had 33");
        }

        @Test
        void rejectsNullCall() {
            // given
            List<ToolCall> calls = new ArrayList<>();
            calls.add(null);

            // when / then
            assertInvalid(() -> new ToolRequest(calls), "calls", "calls must not contain null items");
        }

        @Test
        void keepsItsCallsWhenTheGivenListChanges() {
            // given
            List<ToolCall> calls = new ArrayList<>(List.of(EventFixtures.calculatorCall()));
            ToolRequest request = new ToolRequest(calls);

            // when
            calls.clear();

            // then
            assertThat(request.calls()).hasSize(1);
            assertThatThrownBy(() -> request.calls().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void rejectsCallWithoutName() {
            assertInvalid(() -> new ToolCall("call-1", " ", Map.of()), "name", "name must not be blank");
        }
    }

    @Nested
    class ClassifiedIntentRules {

        @ParameterizedTest
        @ValueSource(doubles = {0.0, 0.5, 1.0})
        void acceptsConfidenceFromZeroToOne(double confidence) {
            // when
            ClassifiedIntent intent = new ClassifiedIntent("question", confidence, List.of());

            // then
            assertThat(intent.confidence()).isEqualTo(confidence);
        }

        @ParameterizedTest
        @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
        void rejectsConfidenceOutsideZeroToOne(double confidence) {
            assertInvalid(() -> new ClassifiedIntent("question", confidence, List.of()), "confidence",
                    "confidence must be 0.0..1.0, but was " + confidence);
        }

        @Test
        void rejectsBlankIntent() {
            assertInvalid(() -> new ClassifiedIntent("", 0.5, List.of()), "intent", "intent must not be blank");
        }
    }

    @Nested
    class AudioContentRules {

        @ParameterizedTest
        @ValueSource(ints = {8_000, 16_000, 44_100, 48_000})
        void acceptsSampleRateFrom8To48Kilohertz(int sampleRate) {
            // when
            AudioContent audio = new AudioContent(new byte[] {1, 2}, sampleRate, 1, "pcm_s16le", 0);

            // then
            assertThat(audio.sampleRate()).isEqualTo(sampleRate);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 7_999, 48_001, 96_000})
        void rejectsSampleRateOutside8To48Kilohertz(int sampleRate) {
            assertInvalid(() -> new AudioContent(new byte[] {1, 2}, sampleRate, 1, "pcm_s16le", 0), "sample_rate",
                    "sample_rate must be 8000..48000, but was " + sampleRate);
        }

        @Test
        void rejectsMoreThanTwoChannels() {
            assertInvalid(() -> new AudioContent(new byte[] {1, 2}, 16_000, 3, "pcm_s16le", 0), "channels",
                    "channels must be 1..2, but was 3");
        }

        @Test
        void rejectsChunkOverTheBinaryLimit() {
            // given
            byte[] data = new byte[EventLimits.MAX_BINARY_BYTES + 1];

            // when / then
            assertInvalid(() -> new AudioContent(data, 16_000, 1, "pcm_s16le", 0), "data",
                    "data must be at most 1048576 bytes, but was 1048577");
        }

        @Test
        void equalsAnotherChunkWithTheSameBytes() {
            // given
            AudioContent audio = new AudioContent(EventFixtures.pcm(320), 16_000, 1, "pcm_s16le", 4);
            AudioContent copy = new AudioContent(EventFixtures.pcm(320), 16_000, 1, "pcm_s16le", 4);

            // then
            assertThat(copy.data()).isNotSameAs(audio.data());
            assertThat(copy).isEqualTo(audio).hasSameHashCodeAs(audio);
        }

        @Test
        void differsFromAChunkWithOtherBytes() {
            // given
            byte[] other = EventFixtures.pcm(320);
            other[100]++;

            // when
            AudioContent audio = new AudioContent(EventFixtures.pcm(320), 16_000, 1, "pcm_s16le", 4);

            // then
            assertThat(new AudioContent(other, 16_000, 1, "pcm_s16le", 4)).isNotEqualTo(audio);
            assertThat(new AudioContent(EventFixtures.pcm(320), 8_000, 1, "pcm_s16le", 4)).isNotEqualTo(audio);
        }

        @Test
        void describesItselfWithoutTheSamples() {
            // when
            String text = new AudioContent(EventFixtures.pcm(320), 16_000, 1, "pcm_s16le", 4).toString();

            // then
            assertThat(text).isEqualTo("AudioContent[320 bytes, 16000 Hz, 1 ch, pcm_s16le, sequence=4]");
        }
    }

    @Nested
    class VideoContentRules {

        @Test
        void equalsAnotherFrameWithTheSameBytes() {
            // given
            VideoContent frame = new VideoContent(EventFixtures.jpeg(), "image/jpeg", 1);

            // when
            VideoContent copy = new VideoContent(Arrays.copyOf(frame.data(), frame.data().length), "image/jpeg", 1);

            // then
            assertThat(copy).isEqualTo(frame).hasSameHashCodeAs(frame);
        }
    }

    @Nested
    class TextRules {

        @Test
        void acceptsTextOfTheLongestLength() {
            // when
            TextContent text = new TextContent("a".repeat(EventLimits.MAX_TEXT_CHARS));

            // then
            assertThat(text.text()).hasSize(32_768);
        }

        @Test
        void rejectsTextOverTheLimit() {
            assertInvalid(() -> new TextContent("a".repeat(EventLimits.MAX_TEXT_CHARS + 1)), "text",
                    "text must be at most 32768 characters, but was 32769");
        }

        @Test
        void rejectsMissingText() {
            assertInvalid(() -> new TextContent(null), "text", "text is required");
        }

        @Test
        void rejectsBlankParticipant() {
            assertInvalid(() -> new StreamStarted(SessionType.CHAT, List.of("user-42", " ")), "participants[]",
                    "participants[] must not be blank");
        }
    }

    @Nested
    class TextEmbeddingRules {

        private final EventCodec codec = new EventCodec();

        @Test
        void keepsEveryComponentWithinOneHundredthOfTheLargest() {
            // given
            float[] vector = { 0.31f, -0.07f, 0.0f, 0.9f, -0.2f, 0.004f };

            // when
            float[] restored = TextEmbedding.of("all-minilm-l6-v2-q", vector).toFloats();

            // then
            assertThat(restored).hasSize(6);
            for (int i = 0; i < vector.length; i++) {
                assertThat(restored[i]).isCloseTo(vector[i], org.assertj.core.data.Offset.offset(0.9f / 127));
            }
        }

        @Test
        void travelsInAContextRequestAndReadsBackEqual() {
            // given
            TextEmbedding embedding = TextEmbedding.of("all-minilm-l6-v2", new float[] { 0.6f, -0.8f });
            JanusEvent request = EventFixtures.eventOf(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                    new ContextRequest("where is my umbrella?", "user-42", 5, embedding));

            // when
            ContextRequest decoded = codec.decode(codec.encode(request)).content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED);

            // then
            assertThat(decoded.embedding()).isEqualTo(embedding);
            assertThat(decoded.embedding().dimensions()).isEqualTo(2);
            assertThat(decoded.embedding().model()).isEqualTo("all-minilm-l6-v2");
        }

        @Test
        void isOptionalInAContextRequest() {
            // given
            JanusEvent request = EventFixtures.eventOf(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                    new ContextRequest("where is my umbrella?", "user-42", 5));

            // when
            ContextRequest decoded = codec.decode(codec.encode(request)).content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED);

            // then
            assertThat(decoded.embedding()).isNull();
        }

        @Test
        void rejectsValuesThatAreNotBase64() {
            assertInvalid(() -> new TextEmbedding("all-minilm-l6-v2-q", 0.01f, "not base64!"), "values",
                    "values must be Base64: Illegal base64 character 20");
        }

        @Test
        void rejectsAnEmbeddingWithoutComponents() {
            assertInvalid(() -> new TextEmbedding("all-minilm-l6-v2-q", 0.01f, ""), "values",
                    "values must hold at least one component");
        }

        @Test
        void rejectsAScaleThatIsNotAFiniteNumber() {
            assertInvalid(() -> new TextEmbedding("all-minilm-l6-v2-q", Float.NaN, "AQI="), "scale",
                    "scale must be a finite number >= 0, but was NaN");
        }

        @Test
        void rejectsABlankModel() {
            assertInvalid(() -> new TextEmbedding(" ", 0.01f, "AQI="), "model", "model must not be blank");
        }
    }

    private static void assertInvalid(Executable construction, String field, String message) {
        assertThatThrownBy(construction::execute)
                .asInstanceOf(throwable(InvalidEventException.class))
                .hasMessage(message)
                .extracting(InvalidEventException::field)
                .isEqualTo(field);
    }
}
