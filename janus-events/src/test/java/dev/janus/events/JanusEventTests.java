package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JanusEventTests {

    @Test
    void aDerivedIdIsTheNameBasedUuidOfCauseTypeAndDiscriminatorsAsEveryVersionWroteIt() {
        // ids derived by earlier versions are stored in Redis (idempotency guards, outcomes): the form must not change
        assertThat(JanusEvent.derivedId("e-1", EventKeys.TOOLS_EXECUTION_COMPLETED, "call-1")).isEqualTo(UUID
                .nameUUIDFromBytes("e-1/tools.execution.completed/call-1".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
        JanusEvent cause = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "s-1", new TextContent("hi"),
                EventContext.from("janus-input"));
        assertThat(cause.replyOnce(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED,
                new ClassifiedIntent("question", 1.0, List.of()), "janus-orchestrator").eventId())
                .isEqualTo(JanusEvent.derivedId(cause.eventId(), EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED));
    }

    private static final EventContext CHAT = EventContext.from("janus-input").forUser("user-42", "chat");

    @Nested
    class Create {

        @Test
        void startsAFlowCorrelatedWithItself() {
            // when
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"), CHAT);

            // then
            assertThat(event.correlationId()).isEqualTo(event.eventId());
            assertThat(event.causationId()).isNull();
            assertThat(UUID.fromString(event.eventId())).hasToString(event.eventId());
            assertThat(event.schemaVersion()).isEqualTo(JanusEvent.SCHEMA_VERSION);
            assertThat(event.timestamp()).isNotNull();
        }

        @Test
        void startsAFreshValidTrace() {
            // when
            JanusEvent first = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"), CHAT);
            JanusEvent second = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"), CHAT);

            // then
            assertThat(first.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(second.traceId()).isNotEqualTo(first.traceId());
            assertThat(second.eventId()).isNotEqualTo(first.eventId());
        }

        @Test
        void keepsTypeStreamContentAndContext() {
            // given
            TextContent content = new TextContent("Hi");

            // when
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", content, CHAT);

            // then
            assertThat(event.eventType()).isEqualTo(EventType.INPUT_MESSAGE_RECEIVED);
            assertThat(event.streamId()).isEqualTo("stream-7");
            assertThat(event.content(EventKeys.INPUT_MESSAGE_RECEIVED)).isSameAs(content);
            assertThat(event.context()).isEqualTo(CHAT);
        }
    }

    @Nested
    class Reply {

        @Test
        void continuesTheFlowOfTheEventItAnswers() {
            // given
            JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);

            // when
            JanusEvent intent = message.reply(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED,
                    new ClassifiedIntent("greeting", 0.99, List.of()), "janus-orchestrator");

            // then
            assertThat(intent.eventId()).isNotEqualTo(message.eventId());
            assertThat(intent.streamId()).isEqualTo(message.streamId());
            assertThat(intent.correlationId()).isEqualTo(message.correlationId());
            assertThat(intent.traceId()).isEqualTo(message.traceId());
            assertThat(intent.causationId()).isEqualTo(message.eventId());
            assertThat(intent.eventType()).isEqualTo(EventType.ORCHESTRATOR_INTENT_CLASSIFIED);
        }

        @Test
        void isPublishedByTheNewSourceForTheSameUser() {
            // given
            JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);

            // when
            JanusEvent intent = message.reply(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED,
                    new ClassifiedIntent("greeting", 0.99, List.of()), "janus-orchestrator");

            // then
            assertThat(intent.context().source()).isEqualTo("janus-orchestrator");
            assertThat(intent.context().userId()).isEqualTo("user-42");
            assertThat(intent.context().channel()).isEqualTo("chat");
        }

        @Test
        void toAReplyIsCausedByTheReplyButKeepsTheOriginalCorrelation() {
            // given
            JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);
            JanusEvent request = message.reply(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED,
                    new ToolRequest(List.of(EventFixtures.calculatorCall())), "janus-orchestrator");

            // when
            JanusEvent result = request.reply(EventKeys.TOOLS_EXECUTION_COMPLETED, EventFixtures.calculatorResult(),
                    "janus-tools");

            // then
            assertThat(result.causationId()).isEqualTo(request.eventId());
            assertThat(result.correlationId()).isEqualTo(message.eventId());
            assertThat(result.traceId()).isEqualTo(message.traceId());
        }

        @Test
        void rejectsContentThatDoesNotMatchTheType() {
            // when / then: what the typed factories rule out at compile time, the envelope still refuses (a decoded event)
            assertThatThrownBy(() -> new JanusEvent("evt-1", "stream-7", EventType.LLM_RESPONSE_GENERATED,
                    EventFixtures.NOW, new TextContent("Hello!"), CHAT, EventFixtures.TRACE_ID, "evt-0", null,
                    JanusEvent.SCHEMA_VERSION))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .hasMessage("content of llm.response.generated must be GeneratedResponse, but was TextContent")
                    .extracting(InvalidEventException::field)
                    .isEqualTo("content");
        }
    }

    @Nested
    class TypedContent {

        @Test
        void givesTheContentAsTheRecordOfTheKey() {
            // given
            ToolResult result = EventFixtures.calculatorResult();
            JanusEvent event = JanusEvent.create(EventKeys.TOOLS_EXECUTION_COMPLETED, "stream-7", result, CHAT);

            // when
            ToolResult content = event.content(EventKeys.TOOLS_EXECUTION_COMPLETED);

            // then
            assertThat(content).isSameAs(result);
        }

        @Test
        void refusesTheKeyOfAnotherTypeEvenWithTheSameContentRecord() {
            // given
            JanusEvent completed = JanusEvent.create(EventKeys.TOOLS_EXECUTION_COMPLETED, "stream-7",
                    EventFixtures.calculatorResult(), CHAT);

            // when / then
            assertThatThrownBy(() -> completed.content(EventKeys.TOOLS_EXECUTION_FAILED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Event " + completed.eventId() + " is tools.execution.completed (ToolResult), not "
                            + "tools.execution.failed (ToolResult)");
        }

        @Test
        void readsAToolResultOfEitherOutcomeAndNothingElse() {
            // given
            ToolResult failure = new ToolResult("call-2", "web_search", null, "timed out", 5_000);
            JanusEvent failed = JanusEvent.create(EventKeys.TOOLS_EXECUTION_FAILED, "stream-7", failure, CHAT);
            JanusEvent completed = JanusEvent.create(EventKeys.TOOLS_EXECUTION_COMPLETED, "stream-7",
                    EventFixtures.calculatorResult(), CHAT);
            JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);

            // when / then
            assertThat(ToolResult.of(failed)).isSameAs(failure);
            assertThat(ToolResult.of(completed)).isEqualTo(EventFixtures.calculatorResult());
            assertThatThrownBy(() -> ToolResult.of(message)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input.message.received");
        }

        @Test
        void refusesTheKeyOfATypeWithOtherContent() {
            // given
            JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);

            // when / then
            assertThatThrownBy(() -> message.content(EventKeys.LLM_RESPONSE_GENERATED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input.message.received (TextContent)")
                    .hasMessageContaining("llm.response.generated (GeneratedResponse)");
        }
    }

    @Nested
    class OtherShapes {

        @Test
        void createWithIdCorrelatesWithTheChosenId() {
            // when
            JanusEvent event = JanusEvent.createWithId("chosen-1", EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7",
                    new TextContent("Hi"), CHAT);

            // then
            assertThat(event.eventId()).isEqualTo("chosen-1");
            assertThat(event.correlationId()).isEqualTo("chosen-1");
            assertThat(event.causationId()).isNull();
            assertThat(event.eventType()).isEqualTo(EventType.INPUT_MESSAGE_RECEIVED);
        }

        @Test
        void inFlowKeepsTheGivenFlow() {
            // when
            JanusEvent event = JanusEvent.inFlow("evt-9", EventKeys.TOOLS_REMINDER_DUE, "stream-7",
                    new ReminderDue("r-1", "stretch", EventFixtures.NOW, "user-42"), CHAT, EventFixtures.TRACE_ID,
                    "corr-1", "req-1");

            // then
            assertThat(event.eventId()).isEqualTo("evt-9");
            assertThat(event.eventType()).isEqualTo(EventType.TOOLS_REMINDER_DUE);
            assertThat(event.traceId()).isEqualTo(EventFixtures.TRACE_ID);
            assertThat(event.correlationId()).isEqualTo("corr-1");
            assertThat(event.causationId()).isEqualTo("req-1");
            assertThat(event.schemaVersion()).isEqualTo(JanusEvent.SCHEMA_VERSION);
        }

        @Test
        void withTimestampChangesNothingElse() {
            // given
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("Hi"),
                    CHAT);

            // when
            JanusEvent later = event.withTimestamp(EventFixtures.NOW);

            // then
            assertThat(later.timestamp()).isEqualTo(EventFixtures.NOW);
            assertThat(later).usingRecursiveComparison().ignoringFields("timestamp").isEqualTo(event);
        }
    }

    @Nested
    class Validation {

        @Test
        void rejectsContentOfAnotherType() {
            // when / then
            assertThatThrownBy(() -> new JanusEvent("evt-1", "stream-7", EventType.TOOLS_EXECUTION_COMPLETED,
                    EventFixtures.NOW, new TextContent("397.8"), CHAT, EventFixtures.TRACE_ID, "evt-0", null,
                    JanusEvent.SCHEMA_VERSION))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .hasMessage("content of tools.execution.completed must be ToolResult, but was TextContent")
                    .extracting(InvalidEventException::field)
                    .isEqualTo("content");
        }

        @Test
        void acceptsTheSameContentRecordForSeveralTypes() {
            // given
            ToolResult failure = new ToolResult("call-2", "web_search", null, "timed out", 5_000);

            // when
            JanusEvent event = JanusEvent.create(EventKeys.TOOLS_EXECUTION_FAILED, "stream-7", failure, CHAT);

            // then
            assertThat(event.content(EventKeys.TOOLS_EXECUTION_FAILED).succeeded()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "", "-starts-with-dash", ".hidden", "slash/inside", "ümlaut", "new\nline"})
        void rejectsMalformedStreamId(String streamId) {
            // when / then
            assertThatThrownBy(() -> JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded("idle"), CHAT))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .hasMessageStartingWith("stream_id must be 1..128 characters")
                    .extracting(InvalidEventException::field)
                    .isEqualTo("stream_id");
        }

        @Test
        void rejectsStreamIdOverTheLimitAbbreviated() {
            // given
            String streamId = "s".repeat(129);

            // when / then
            assertThatThrownBy(() -> JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded("idle"), CHAT))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .hasMessageEndingWith("but was '" + "s".repeat(40) + "...'")
                    .extracting(InvalidEventException::field)
                    .isEqualTo("stream_id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s", "chat:user-42@web.1_a", "0dd2c1e8-5b8f-4f7a-9a47-4a3e0c1d9f11"})
        void acceptsWellFormedStreamId(String streamId) {
            // when
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded("idle"), CHAT);

            // then
            assertThat(event.streamId()).isEqualTo(streamId);
        }

        @Test
        void acceptsStreamIdOfTheLongestLength() {
            // given
            String streamId = "s".repeat(128);

            // when
            JanusEvent event = JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded("idle"), CHAT);

            // then
            assertThat(event.streamId()).hasSize(128);
        }

        @Test
        void rejectsMissingContext() {
            // when / then
            assertThatThrownBy(() -> new JanusEvent("evt-1", "stream-7", EventType.INPUT_STREAM_ENDED, EventFixtures.NOW,
                    new StreamEnded("idle"), null, EventFixtures.TRACE_ID, "evt-1", null, 1))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .hasMessage("context is required")
                    .extracting(InvalidEventException::field)
                    .isEqualTo("context");
        }

        @Test
        void rejectsUnknownSchemaVersion() {
            // when / then
            assertThatThrownBy(() -> new JanusEvent("evt-1", "stream-7", EventType.INPUT_STREAM_ENDED, EventFixtures.NOW,
                    new StreamEnded("idle"), CHAT, EventFixtures.TRACE_ID, "evt-1", null, 0))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .extracting(InvalidEventException::field)
                    .isEqualTo("schema_version");
        }
    }

    @Nested
    class WithTrace {

        @Test
        void carriesTheNewTraceInEnvelopeAndContext() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);
            String traceId = "0af7651916cd43dd8448eb211c80319c";
            String traceparent = "00-" + traceId + "-b7ad6b7169203331-01";

            // when
            JanusEvent traced = event.withTrace(traceId, traceparent);

            // then
            assertThat(traced.traceId()).isEqualTo(traceId);
            assertThat(traced.context().traceparent()).isEqualTo(traceparent);
            assertThat(traced.eventId()).isEqualTo(event.eventId());
            assertThat(traced.content()).isEqualTo(event.content());
            assertThat(traced.context().attributes()).isEqualTo(Map.of("locale", "en-GB"));
        }

        @Test
        void rejectsTraceIdThatIsNotLowerCaseHex() {
            // given
            JanusEvent event = EventFixtures.eventOf(EventType.INPUT_MESSAGE_RECEIVED);

            // when / then
            assertThatThrownBy(() -> event.withTrace("0AF7651916CD43DD8448EB211C80319C", null))
                    .asInstanceOf(throwable(InvalidEventException.class))
                    .extracting(InvalidEventException::field)
                    .isEqualTo("trace_id");
        }
    }
}
