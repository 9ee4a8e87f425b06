package dev.janus.orchestrator.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.ContextRequest;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.TextEmbedding;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.orchestrator.OrchestratorProperties;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.intent.MessageEmbedding;
import dev.janus.orchestrator.join.InMemoryJoinStore;
import dev.janus.orchestrator.join.Join;
import dev.janus.orchestrator.join.JoinStore;
import dev.janus.orchestrator.join.ResponseMark;
import dev.janus.orchestrator.llm.LlmComponent;
import dev.janus.orchestrator.llm.OfflineResponder;
import dev.janus.orchestrator.planning.ToolPlanner;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.MovableClock;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.data.Offset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole conversation flow on a real in-memory bus: the orchestrator and the LLM component under
 * test, the test itself acting as memory and tools (subscribers in their groups that answer after a
 * delay). Asserts the order of events, never their timings.
 */
class ConversationFlowTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG_TIMEOUT = Duration.ofMinutes(1);

    private final InMemoryEventBus bus = TestBuses.inMemory(TestBusSettings.memory().build());
    private final EventTestHarness harness = new EventTestHarness(bus);
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
    private ConversationFlow flow;
    private LlmComponent llm;

    @AfterEach
    void stopEverything() {
        if (flow != null) {
            flow.stop();
        }
        if (llm != null) {
            llm.stop();
        }
        answers.shutdownNow();
        harness.close();
        bus.close();
    }

    @Nested
    class WithEveryBranch {

        @Test
        void fansOutWithoutWaitingForTheIntentAndJoinsAfterTheSlowestBranch() throws Exception {
            // given
            start(properties(true, true, LONG_TIMEOUT), classifiedAfter(50, "calculation", "calculator"));
            memoryAnswersAfter(100, new AssembledContext(List.of(), List.of(fact("name", "Alice")), List.of()));
            toolsAnswerAfter(150, "17 * 23 = 391", null);
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is 17 * 23?");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            List<EventType> order = typesOf(message);
            assertThat(order).containsSubsequence(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                    EventType.ORCHESTRATOR_INTENT_CLASSIFIED);
            assertThat(order).containsSubsequence(EventType.ORCHESTRATOR_TOOLS_REQUESTED,
                    EventType.ORCHESTRATOR_INTENT_CLASSIFIED);
            assertThat(order).containsSubsequence(EventType.MEMORY_CONTEXT_ASSEMBLED,
                    EventType.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(order).containsSubsequence(EventType.TOOLS_EXECUTION_COMPLETED,
                    EventType.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(order).containsSubsequence(EventType.ORCHESTRATOR_INTENT_CLASSIFIED,
                    EventType.ORCHESTRATOR_LLM_REQUESTED, EventType.LLM_RESPONSE_GENERATED,
                    EventType.ORCHESTRATOR_RESPONSE_READY);
            assertThat(order).containsOnlyOnce(EventType.ORCHESTRATOR_LLM_REQUESTED,
                    EventType.ORCHESTRATOR_RESPONSE_READY);

            LlmRequest request = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(request.intent()).isEqualTo("calculation");
            assertThat(request.missing()).isEmpty();
            assertThat(request.context().facts()).extracting(Fact::value).containsExactly("Alice");
            assertThat(request.toolResults()).extracting(ToolResult::output).containsExactly("17 * 23 = 391");

            FormattedResponse response = ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY);
            assertThat(response.text()).startsWith("17 * 23 = 391");
            assertThat(response.channel()).isEqualTo("chat");
            assertThat(response.format()).isEqualTo("markdown");
            assertThat(response.toolResults()).extracting(ToolResult::callId).containsExactly("calculator-1");
        }

        @Test
        void asksMemoryForTheUsersContextAndToolsForThePlannedCalls() throws Exception {
            // given
            start(properties(true, true, LONG_TIMEOUT), classifiedAfter(0, "calculation", "calculator"));
            memoryAnswersAfter(0, AssembledContext.empty());
            toolsAnswerAfter(0, "17 * 23 = 391", null);
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is 17 * 23?");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            ContextRequest context = only(message, EventType.ORCHESTRATOR_CONTEXT_REQUESTED)
                    .content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED);
            assertThat(context.query()).isEqualTo("what is 17 * 23?");
            assertThat(context.userId()).isEqualTo("user-1");
            assertThat(context.maxItems()).isEqualTo(10);
            ToolRequest tools = only(message, EventType.ORCHESTRATOR_TOOLS_REQUESTED).content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED);
            assertThat(tools.calls()).extracting(ToolCall::name).containsExactly("calculator");
        }

        @Test
        void repliesAsTheFlowItAnswersWithEachEventCausedByTheOneBefore() throws Exception {
            // given
            start(properties(true, true, LONG_TIMEOUT), classifiedAfter(0, "calculation", "calculator"));
            memoryAnswersAfter(0, AssembledContext.empty());
            toolsAnswerAfter(0, "17 * 23 = 391", null);
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is 17 * 23?");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            JanusEvent llmRequested = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED);
            JanusEvent generated = only(message, EventType.LLM_RESPONSE_GENERATED);
            assertThat(llmRequested.causationId()).isEqualTo(message.eventId());
            assertThat(generated.causationId()).isEqualTo(llmRequested.eventId());
            assertThat(ready.causationId()).isEqualTo(generated.eventId());
            assertThat(List.of(llmRequested, generated, ready)).allSatisfy(event -> {
                assertThat(event.traceId()).isEqualTo(message.traceId());
                assertThat(event.streamId()).isEqualTo(message.streamId());
            });
            assertThat(llmRequested.context().source()).isEqualTo(ConversationFlow.GROUP);
            assertThat(ready.context().source()).isEqualTo(ConversationFlow.GROUP);
        }

        @Test
        void completesTheJoinWhenAToolFails() throws Exception {
            // given
            start(properties(false, true, LONG_TIMEOUT), classifiedAfter(0, "calculation", "calculator"));
            toolsAnswerAfter(20, null, "division by zero");
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is 1 / 0?");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(typesOf(message)).containsSubsequence(EventType.TOOLS_EXECUTION_FAILED,
                    EventType.ORCHESTRATOR_LLM_REQUESTED);
            LlmRequest request = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(request.missing()).isEmpty();
            FormattedResponse response = ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY);
            assertThat(response.text()).startsWith("The calculator tool failed: division by zero");
            assertThat(response.toolResults()).singleElement().satisfies(result ->
                    assertThat(result.succeeded()).isFalse());
        }

        @Test
        void answersATimerLongerThanAnyClockRunsWithTheToolsRefusal() throws Exception {
            // given tools that refuse the timer, as the timer tool refuses one longer than its maximum
            start(properties(false, true, LONG_TIMEOUT), classifiedAfter(0, "timer", "timer"));
            toolsAnswerAfter(0, null, "invalid arguments for timer: arguments.seconds: must have a maximum value of "
                    + "86400");
            JanusEvent message = EventFixtures.textMessage("stream-1",
                    "set a timer for 99999999999999999999 seconds");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then the timer was asked for and the reply says why it did not start
            ToolRequest tools = only(message, EventType.ORCHESTRATOR_TOOLS_REQUESTED)
                    .content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED);
            assertThat(tools.calls()).extracting(ToolCall::name).containsExactly("timer");
            assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text())
                    .contains("must have a maximum value of 86400");
        }

        @Test
        void requestsNoToolsForAMessageThatNeedsNone() throws Exception {
            // given
            start(properties(false, true, LONG_TIMEOUT), classifiedAfter(0, "greeting"));
            JanusEvent message = EventFixtures.textMessage("stream-1", "hi there");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(typesOf(message)).doesNotContain(EventType.ORCHESTRATOR_TOOLS_REQUESTED);
        }
    }

    @Nested
    class OneEmbeddingPerMessage {

        @Test
        void carriesTheMessagesEmbeddingToMemoryAndClassifiesFromTheSameOne() throws Exception {
            // given
            EmbeddingClassifier classifier = new EmbeddingClassifier(new CountDownLatch(0));
            start(properties(true, false, LONG_TIMEOUT), classifier, true);
            memoryAnswersAfter(0, AssembledContext.empty());
            JanusEvent message = EventFixtures.textMessage("stream-1", "where did I leave my umbrella?");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            TextEmbedding carried = only(message, EventType.ORCHESTRATOR_CONTEXT_REQUESTED)
                    .content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED).embedding();
            assertThat(carried).isNotNull();
            assertThat(carried.model()).isEqualTo(EmbeddingClassifier.MODEL);
            assertThat(carried.toFloats()).containsExactly(EmbeddingClassifier.VECTOR, Offset.offset(0.5f / 127));
            assertThat(classifier.embedded).containsExactly("where did I leave my umbrella?");
            assertThat(classifier.classifiedWith).containsExactly(EmbeddingClassifier.MODEL);
        }

        @Test
        void neitherEmbedsNorClassifiesTextOfInvisibleCharactersOnly() throws Exception {
            // given
            EmbeddingClassifier classifier = new EmbeddingClassifier(new CountDownLatch(0));
            OrchestratorProperties properties = properties(true, false, LONG_TIMEOUT);
            start(properties, classifier, true);
            memoryAnswersAfter(0, AssembledContext.empty());
            JanusEvent message = EventFixtures.textMessage("stream-1", "\u200B\uFEFF\u00A0");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then: the embedding models refuse such text, so it is not offered to them (no failure to log)
            assertThat(classifier.embedded).isEmpty();
            assertThat(classifier.classifiedWith).isEmpty();
            assertThat(only(message, EventType.ORCHESTRATOR_INTENT_CLASSIFIED)
                    .content(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED).intent()).isEqualTo(properties.defaultIntent());
        }

        @Test
        void asksMemoryWithoutAnEmbeddingWhenTheClassifierHasNone() throws Exception {
            // given
            start(properties(true, false, LONG_TIMEOUT), classifiedAfter(0, "question"));
            memoryAnswersAfter(0, AssembledContext.empty());
            JanusEvent message = EventFixtures.textMessage("stream-1", "where did I leave my umbrella?");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(only(message, EventType.ORCHESTRATOR_CONTEXT_REQUESTED).content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED)
                    .embedding()).isNull();
        }
    }

    @Nested
    class WhileTheJoinOpens {

        @Test
        void embedsTheMessageMeanwhileAndAsksMemoryOnlyOnceItIsOpen() throws Exception {
            // given
            EmbeddingClassifier classifier = new EmbeddingClassifier(new CountDownLatch(0));
            SlowToOpen joins = startWith(new SlowToOpen(new InMemoryJoinStore(Clock.systemUTC(), Duration.ofHours(1))),
                    properties(true, false, LONG_TIMEOUT), classifier, true);
            memoryAnswersAfter(0, AssembledContext.empty());
            JanusEvent message = EventFixtures.textMessage("stream-1", "where did I leave my umbrella?");

            // when
            harness.publish(message);
            joins.awaitWaiter();

            // then: embedded before the join is open, and nothing asked of memory yet
            assertThat(classifier.embedded).containsExactly("where did I leave my umbrella?");
            assertThat(typesOf(message)).doesNotContain(EventType.ORCHESTRATOR_CONTEXT_REQUESTED);
            joins.finishOpening();
            harness.awaitEvent(EventType.ORCHESTRATOR_RESPONSE_READY,
                    event -> event.correlationId().equals(message.correlationId()), WAIT);
            assertThat(only(message, EventType.ORCHESTRATOR_CONTEXT_REQUESTED)
                    .content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED).embedding()).isNotNull();
        }

        @Test
        void asksForToolsOnlyOnceItIsOpenAndEmbedsAfterwards() throws Exception {
            // given
            EmbeddingClassifier classifier = new EmbeddingClassifier(new CountDownLatch(0));
            SlowToOpen joins = startWith(new SlowToOpen(new InMemoryJoinStore(Clock.systemUTC(), Duration.ofHours(1))),
                    properties(true, true, LONG_TIMEOUT), classifier, true);
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is 17 * 23?");

            // when
            harness.publish(message);
            joins.awaitWaiter();

            // then: the tools, which take longest, are asked first, and only once the join is open
            assertThat(typesOf(message)).doesNotContain(EventType.ORCHESTRATOR_TOOLS_REQUESTED);
            assertThat(classifier.embedded).isEmpty();
            joins.finishOpening();
            harness.awaitEvent(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                    event -> event.correlationId().equals(message.correlationId()), WAIT);
            assertThat(typesOf(message)).containsSubsequence(EventType.ORCHESTRATOR_TOOLS_REQUESTED,
                    EventType.ORCHESTRATOR_CONTEXT_REQUESTED);
            assertThat(classifier.embedded).containsExactly("what is 17 * 23?");
        }
    }

    @Nested
    class WhenTheResponderDoesNotReadTheIntent {

        private final CountDownLatch classificationMayFinish = new CountDownLatch(1);

        @AfterEach
        void letTheClassificationFinish() {
            classificationMayFinish.countDown();
        }

        @Test
        void requestsTheLlmWithoutWaitingForTheIntent() throws Exception {
            // given
            start(properties(true, false, LONG_TIMEOUT), new EmbeddingClassifier(classificationMayFinish), false);
            memoryAnswersAfter(0, AssembledContext.empty());
            JanusEvent message = EventFixtures.textMessage("stream-1", "hello there");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);
            List<EventType> beforeTheClassification = typesOf(message);
            classificationMayFinish.countDown();
            harness.awaitEvent(EventType.ORCHESTRATOR_INTENT_CLASSIFIED,
                    event -> event.correlationId().equals(message.correlationId()), WAIT);

            // then
            assertThat(beforeTheClassification).contains(EventType.ORCHESTRATOR_LLM_REQUESTED)
                    .doesNotContain(EventType.ORCHESTRATOR_INTENT_CLASSIFIED);
            LlmRequest request = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(request.intent()).isEqualTo("question");
            assertThat(request.missing()).isEmpty();
            assertThat(typesOf(message)).containsOnlyOnce(EventType.ORCHESTRATOR_LLM_REQUESTED);
        }

        @Test
        void stillWaitsForTheIntentWhenNoOtherBranchIsExpected() throws Exception {
            // given
            start(properties(false, false, LONG_TIMEOUT), classifiedAfter(0, "help"), false);
            JanusEvent message = EventFixtures.textMessage("stream-1", "Hello, can you help me?");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(typesOf(message)).containsSubsequence(EventType.ORCHESTRATOR_INTENT_CLASSIFIED,
                    EventType.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED).intent())
                    .isEqualTo("help");
        }
    }

    @Nested
    class Timeouts {

        @Test
        void completesWithWhatArrivedWhenMemoryNeverAnswers() throws Exception {
            // given
            start(properties(true, false, Duration.ofMillis(300)), classifiedAfter(0, "question"));
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is my name?");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            LlmRequest request = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(request.missing()).containsExactly("memory");
            assertThat(request.context()).isEqualTo(AssembledContext.empty());
            assertThat(request.intent()).isEqualTo("question");
            assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text()).contains("Memory did not answer in time");
        }

        @Test
        void countsATimedOutJoinOnceWhenItIsClaimedAgainBecauseItsSettlingFailed() throws Exception {
            // given: a join memory never answers, in a store that fails to settle it the first time, on a clock the
            // test moves
            MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
            SettlingFailsOnce joins = new SettlingFailsOnce(new InMemoryJoinStore(clock, Duration.ofHours(1)));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            OrchestratorProperties properties = OrchestratorProperties.defaults().withBranches(true, false)
                    .withJoinTimeout(Duration.ofSeconds(1), Duration.ofMillis(10));
            flow = new ConversationFlow(bus, joins, new ToolPlanner(), classifiedAfter(0, "question"), properties,
                    true, clock, meters);
            flow.start();
            JanusEvent message = EventFixtures.textMessage("stream-1", "what is my name?");
            harness.sendAndWait(message, EventType.ORCHESTRATOR_CONTEXT_REQUESTED, WAIT);

            // when: its deadline passes, its request is published and settling it fails; past the lease it is
            // claimed again, published again and settled
            clock.advance(Duration.ofSeconds(2));
            await().atMost(WAIT).untilAtomic(joins.settles, equalTo(1));
            clock.advance(JoinStore.CLAIM_LEASE);
            await().atMost(WAIT).untilAtomic(joins.settles, equalTo(2));

            // then
            Counter timeouts = meters.counter("janus.orchestrator.join.timeouts");
            await().atMost(WAIT).until(() -> timeouts.count() >= 1);
            assertThat(timeouts.count()).isEqualTo(1.0);
        }

        @Test
        void namesToolsMissingWhenTheyDoNotAnswerAndUsesTheDefaultIntentWithoutAClassification() throws Exception {
            // given
            IntentClassifier broken = text -> {
                throw new IllegalStateException("model not loaded");
            };
            start(properties(false, true, Duration.ofMillis(300)), broken);
            JanusEvent message = EventFixtures.textMessage("stream-1", "what time is it in Tokyo?");

            // when
            harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            LlmRequest request = only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED);
            assertThat(request.missing()).containsExactly("tools");
            assertThat(request.intent()).isEqualTo("question");
            assertThat(only(message, EventType.ORCHESTRATOR_INTENT_CLASSIFIED).content(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED)
                    .confidence()).isZero();
        }
    }

    @Nested
    class WithoutBranches {

        @Test
        void answersTheSeedsGreetingWithoutWaitingForComponentsThatAreNotDeployed() throws Exception {
            // given
            start(properties(false, false, LONG_TIMEOUT), classifiedAfter(0, "help"));
            JanusEvent message = EventFixtures.textMessage("test_conversation", "Hello, can you help me?");

            // when
            JanusEvent ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text().toLowerCase()).contains("help");
            assertThat(typesOf(message)).containsSubsequence(EventType.INPUT_MESSAGE_RECEIVED,
                    EventType.ORCHESTRATOR_INTENT_CLASSIFIED, EventType.ORCHESTRATOR_LLM_REQUESTED,
                    EventType.LLM_RESPONSE_GENERATED, EventType.ORCHESTRATOR_RESPONSE_READY);
            assertThat(typesOf(message)).doesNotContain(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
                    EventType.ORCHESTRATOR_TOOLS_REQUESTED);
            assertThat(only(message, EventType.ORCHESTRATOR_LLM_REQUESTED).content(EventKeys.ORCHESTRATOR_LLM_REQUESTED).missing())
                    .isEmpty();
        }

        @Test
        void repliesOnTheMessagesChannel() throws Exception {
            // given
            start(properties(false, false, LONG_TIMEOUT), classifiedAfter(0, "greeting"));
            JanusEvent typed = EventFixtures.textMessage("stream-1", "hello");
            JanusEvent spoken = new JanusEvent(typed.eventId(), typed.streamId(), typed.eventType(), typed.timestamp(),
                    typed.content(), typed.context().forUser("user-1", "voice"), typed.traceId(),
                    typed.correlationId(), null, JanusEvent.SCHEMA_VERSION);

            // when
            JanusEvent ready = harness.sendAndWait(spoken, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);

            // then
            assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).channel()).isEqualTo("voice");
        }
    }

    private void start(OrchestratorProperties properties, IntentClassifier classifier) {
        start(properties, classifier, true);
    }

    private void start(OrchestratorProperties properties, IntentClassifier classifier, boolean waitForIntent) {
        startWith(new InMemoryJoinStore(Clock.systemUTC(), properties.joinRetention()), properties, classifier,
                waitForIntent);
    }

    private <S extends JoinStore> S startWith(S joins, OrchestratorProperties properties, IntentClassifier classifier,
            boolean waitForIntent) {
        flow = new ConversationFlow(bus, joins, new ToolPlanner(), classifier, properties, waitForIntent,
                Clock.systemUTC(), new SimpleMeterRegistry());
        flow.start();
        llm = new LlmComponent(bus, new OfflineResponder());
        llm.start();
        return joins;
    }

    private static OrchestratorProperties properties(boolean memory, boolean tools, Duration joinTimeout) {
        return OrchestratorProperties.defaults().withBranches(memory, tools)
                .withJoinTimeout(joinTimeout, Duration.ofMillis(20));
    }

    /** A join store that does what the store it wraps does, for a test to change one step of. */
    private abstract static class WrappedJoinStore implements JoinStore {

        final JoinStore store;

        WrappedJoinStore(JoinStore store) {
            this.store = store;
        }

        @Override
        public Opening open(Join join) {
            return store.open(join);
        }

        @Override
        public Optional<Join> arrive(String correlationId, JanusEvent arrival) {
            return store.arrive(correlationId, arrival);
        }

        @Override
        public List<Join> claimExpired(Instant now, int limit) {
            return store.claimExpired(now, limit);
        }

        @Override
        public void settle(String correlationId) {
            store.settle(correlationId);
        }

        @Override
        public Optional<Join> find(String correlationId) {
            return store.find(correlationId);
        }

        @Override
        public ResponseMark markResponded(String correlationId, String responseEventId) {
            return store.markResponded(correlationId, responseEventId);
        }

        @Override
        public int forgetUser(String userId) {
            return store.forgetUser(userId);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** A join store whose first {@link #settle} fails, as when Redis does not answer; counts the attempts. */
    private static final class SettlingFailsOnce extends WrappedJoinStore {

        final AtomicInteger settles = new AtomicInteger();

        SettlingFailsOnce(JoinStore store) {
            super(store);
        }

        @Override
        public void settle(String correlationId) {
            if (settles.incrementAndGet() == 1) {
                throw new IllegalStateException("the store did not answer");
            }
            store.settle(correlationId);
        }
    }

    /**
     * A join store slow to open, as Redis is a round trip away: a join's opening is finished only once the test lets
     * it ({@link #finishOpening}).
     */
    private static final class SlowToOpen extends WrappedJoinStore {

        private final CountDownLatch finished = new CountDownLatch(1);
        private final CountDownLatch waited = new CountDownLatch(1);

        SlowToOpen(JoinStore store) {
            super(store);
        }

        @Override
        public Opening open(Join join) {
            Opening opening = store.open(join);
            return () -> {
                waited.countDown();
                try {
                    finished.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return opening.opened();
            };
        }

        /** Waits until a caller waits for an opening. */
        void awaitWaiter() throws InterruptedException {
            assertThat(waited.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("someone waits for the join to open")
                    .isTrue();
        }

        void finishOpening() {
            finished.countDown();
        }
    }

    /** A classifier that takes {@code millis} to decide, without blocking on sleep. */
    private static IntentClassifier classifiedAfter(long millis, String intent, String... tools) {
        return text -> CompletableFuture.supplyAsync(() -> new ClassifiedIntent(intent, 0.9, List.of(tools)),
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)).join();
    }

    /**
     * A classifier with an embedding of its own: records what it embedded and which model's embedding each
     * classification was given, and classifies once {@code mayFinish} opens.
     */
    private static final class EmbeddingClassifier implements IntentClassifier {

        static final String MODEL = "test-model";
        static final float[] VECTOR = { 0.5f, -0.25f, 0.125f, 0f };

        final List<String> embedded = new CopyOnWriteArrayList<>();
        final List<String> classifiedWith = new CopyOnWriteArrayList<>();
        private final CountDownLatch mayFinish;

        EmbeddingClassifier(CountDownLatch mayFinish) {
            this.mayFinish = mayFinish;
        }

        @Override
        public MessageEmbedding embed(String text) {
            embedded.add(text);
            return new MessageEmbedding(MODEL, VECTOR.clone());
        }

        @Override
        public ClassifiedIntent classify(String text, @Nullable MessageEmbedding embedding) {
            classifiedWith.add(embedding == null ? "none" : embedding.model());
            return classify(text);
        }

        @Override
        public ClassifiedIntent classify(String text) {
            try {
                mayFinish.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ClassifiedIntent("greeting", 0.9, List.of());
        }
    }

    private void memoryAnswersAfter(long millis, AssembledContext context) {
        bus.subscribe(EventType.ORCHESTRATOR_CONTEXT_REQUESTED.wireName(), "janus-memory",
                request -> answers.schedule(() -> bus.publish(
                        request.reply(EventKeys.MEMORY_CONTEXT_ASSEMBLED, context, "janus-memory")),
                        millis, TimeUnit.MILLISECONDS));
    }

    private void toolsAnswerAfter(long millis, String output, String error) {
        bus.subscribe(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, "janus-tools", (request, calls) -> {
            for (ToolCall call : calls.calls()) {
                ToolResult result = new ToolResult(call.callId(), call.name(), output, error, millis);
                EventKey<ToolResult> key = error == null ? EventKeys.TOOLS_EXECUTION_COMPLETED
                        : EventKeys.TOOLS_EXECUTION_FAILED;
                answers.schedule(() -> bus.publish(request.reply(key, result, "janus-tools")), millis,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /** The flow's event types in publish order: the bus records each publish before dispatching it, so the
     * history respects causality, which the order of arrival at another consumer group does not. */
    private List<EventType> typesOf(JanusEvent message) {
        return bus.recentEvents(dev.janus.bus.EventPattern.ALL, message.streamId(), 1_000).stream()
                .filter(event -> event.correlationId().equals(message.correlationId()))
                .map(JanusEvent::eventType)
                .toList();
    }

    private JanusEvent only(JanusEvent message, EventType type) {
        List<JanusEvent> found = bus.recentEvents(dev.janus.bus.EventPattern.ALL, message.streamId(), 1_000).stream()
                .filter(event -> event.correlationId().equals(message.correlationId()) && event.eventType() == type)
                .toList();
        assertThat(found).as("%s events of the flow", type).hasSize(1);
        return found.get(0);
    }

    private static Fact fact(String attribute, String value) {
        return new Fact(attribute + "-1", "user-1", attribute, value, List.of("e-0"), Instant.now());
    }
}
