package dev.janus.tools.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.janus.bus.EventBus;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ReminderDue;
import dev.janus.events.StreamEnded;
import dev.janus.events.StreamInterrupted;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolExecutionStarted;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.testkit.EventTestHarness;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.calculator.CalculatorTool;
import dev.janus.tools.registry.ToolRegistry;
import dev.janus.tools.timers.ReminderScheduler;
import dev.janus.tools.timers.ReminderStore;
import dev.janus.tools.timers.ReminderTool;
import dev.janus.tools.timers.TimerTool;
import dev.janus.tools.units.UnitsTool;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tools component on a real bus: lifecycle events, bad input, cancellation, idempotency and reminders.
 * Subclassed per bus engine, with the matching outcome and reminder stores.
 */
abstract class AbstractToolCallHandlerTests {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String GROUP = "janus-tools";

    EventTestHarness harness;
    ToolExecutor executor;
    ToolCallHandler handler;
    ReminderScheduler scheduler;
    ReminderStore reminders;
    final ScriptedTool counter = new ScriptedTool("counter", false, (invocation, attempt) -> "side effect #" + attempt);

    abstract EventBus bus();

    abstract CallOutcomes outcomes();

    abstract ReminderStore reminderStore();

    @BeforeEach
    void startTools() {
        harness = new EventTestHarness(bus());
        reminders = reminderStore();
        Clock clock = Clock.systemUTC();
        ToolRegistry registry = new ToolRegistry(List.of(new CalculatorTool(), new UnitsTool(),
                new TimerTool(clock, Duration.ofHours(1), Duration.ofMillis(100)),
                new ReminderTool(reminders, clock, Duration.ofDays(1), ZoneOffset.UTC, 100), counter));
        executor = new ToolExecutor(registry, ToolsProperties.defaults(), CircuitBreakerRegistry.ofDefaults(),
                new SimpleMeterRegistry());
        handler = new ToolCallHandler(harness.eventBus(), executor, outcomes(), new RunningCalls(), Duration.ofHours(1),
                GROUP);
        handler.start();
        scheduler = new ReminderScheduler(reminders, harness.eventBus(), clock, Duration.ofMillis(50), GROUP);
        scheduler.start();
    }

    @AfterEach
    void stopTools() {
        scheduler.stop();
        handler.stop();
        executor.close();
        harness.close();
    }

    /** Replaces the handler by one recording outcomes in {@code store}. */
    void startHandlerWith(CallOutcomes store) {
        handler.stop();
        handler = new ToolCallHandler(harness.eventBus(), executor, store, new RunningCalls(), Duration.ofHours(1),
                GROUP);
        handler.start();
    }

    /** Waits until the outcome of the request's call is recorded as {@code result}. */
    void awaitRecorded(JanusEvent request, String callId, JanusEvent result) {
        await().atMost(WAIT).until(() -> outcomes().claim(request.eventId(), callId, Duration.ofMinutes(1))
                .equals(CallOutcomes.Claim.finished(result)));
    }

    static JanusEvent request(String stream, ToolCall... calls) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, stream, new ToolRequest(List.of(calls)),
                new EventContext("janus-orchestrator", "ada", "chat", null, Map.of()));
    }

    static ToolCall call(String id, String tool, Map<String, Object> arguments) {
        return new ToolCall(id, tool, arguments);
    }

    JanusEvent resultOf(JanusEvent request, String callId) throws TimeoutException {
        return harness.awaitEvent(EventType.TOOLS_EXECUTION_COMPLETED, event -> answers(event, request, callId), WAIT);
    }

    JanusEvent failureOf(JanusEvent request, String callId) throws TimeoutException {
        return harness.awaitEvent(EventType.TOOLS_EXECUTION_FAILED, event -> answers(event, request, callId), WAIT);
    }

    static boolean answers(JanusEvent event, JanusEvent request, String callId) {
        return event.correlationId().equals(request.correlationId())
                && ToolResult.of(event).callId().equals(callId);
    }

    List<JanusEvent> captured(JanusEvent request, EventType type) {
        return harness.publishedEvents().stream()
                .filter(event -> event.eventType() == type && event.correlationId().equals(request.correlationId()))
                .toList();
    }

    @Nested
    class Lifecycle {

        @Test
        void publishesStartedThenCompletedWithTheOutputAsRepliesToTheRequest() throws Exception {
            // given
            JanusEvent request = request("lifecycle", call("calculator-1", "calculator", Map.of("expression", "17 * 23")));

            // when
            harness.publish(request);
            JanusEvent completed = resultOf(request, "calculator-1");

            // then
            ToolResult result = completed.content(EventKeys.TOOLS_EXECUTION_COMPLETED);
            assertThat(result.output()).isEqualTo("17 * 23 = 391");
            assertThat(result.toolName()).isEqualTo("calculator");
            assertThat(completed.causationId()).isEqualTo(request.eventId());
            assertThat(completed.streamId()).isEqualTo(request.streamId());
            assertThat(completed.context().source()).isEqualTo(GROUP);
            JanusEvent started = harness.awaitEvent(EventType.TOOLS_EXECUTION_STARTED,
                    event -> event.correlationId().equals(request.correlationId()), WAIT);
            assertThat(started.content(EventKeys.TOOLS_EXECUTION_STARTED)).isEqualTo(
                    new ToolExecutionStarted("calculator-1", "calculator"));
            assertThat(harness.publishedEvents()).containsSubsequence(started, completed);
        }

        @Test
        void answersEveryCallOfARequestWithAnEventOfItsOwn() throws Exception {
            // given
            JanusEvent request = request("two-calls", call("calculator-1", "calculator", Map.of("expression", "2 + 2")),
                    call("units-1", "units", Map.of("value", 5, "from", "km", "to", "mi")));

            // when
            harness.publish(request);

            // then
            JanusEvent sum = resultOf(request, "calculator-1");
            JanusEvent distance = resultOf(request, "units-1");
            assertThat(sum.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).isEqualTo("2 + 2 = 4");
            assertThat(distance.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).startsWith("5 km = 3.10686 mi");
            assertThat(sum.eventId()).isNotEqualTo(distance.eventId());
        }

        @Test
        void reportsATimersProgressAndCompletesWhenTheTimeIsUp() throws Exception {
            // given
            JanusEvent request = request("timer", call("timer-1", "timer", Map.of("seconds", 1, "label", "tea")));

            // when
            harness.publish(request);
            JanusEvent done = resultOf(request, "timer-1");

            // then
            assertThat(done.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output())
                    .isEqualTo("Time is up: the timer for 1 second (tea) is done.");
            List<JanusEvent> progress = captured(request, EventType.TOOLS_EXECUTION_PROGRESS);
            assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
            assertThat(progress.get(0).content(EventKeys.TOOLS_EXECUTION_PROGRESS).message())
                    .isEqualTo("The timer for 1 second (tea) started; 1 second left.");
            assertThat(progress).extracting(event -> event.content(EventKeys.TOOLS_EXECUTION_PROGRESS).fraction()).isSorted();
            assertThat(progress).extracting(JanusEvent::eventId).doesNotHaveDuplicates();
        }
    }

    @Nested
    class BadInput {

        @Test
        void failsAnUnknownToolSayingWhichToolsExist() throws Exception {
            JanusEvent request = request("bad", call("c1", "teleport", Map.of()));
            harness.publish(request);
            assertThat(failureOf(request, "c1").content(EventKeys.TOOLS_EXECUTION_FAILED).error())
                    .isEqualTo("unknown tool 'teleport'; the tools are calculator, counter, reminder, timer, units");
        }

        @Test
        void failsArgumentsThatDoNotFitTheSchema() throws Exception {
            JanusEvent request = request("bad", call("c1", "units", Map.of("value", "five", "from", "km", "to", "mi")));
            harness.publish(request);
            assertThat(failureOf(request, "c1").content(EventKeys.TOOLS_EXECUTION_FAILED).error())
                    .isEqualTo("invalid arguments for units: arguments.value must be a number, but was a string");
        }

        @Test
        void failsOversizedArguments() throws Exception {
            JanusEvent request = request("bad", call("c1", "calculator", Map.of("expression", "9".repeat(30_000))));
            harness.publish(request);
            assertThat(failureOf(request, "c1").content(EventKeys.TOOLS_EXECUTION_FAILED).error())
                    .contains("bytes of JSON, more than the 16384 allowed");
        }

        @Test
        void keepsWorkingAfterBadInput() throws Exception {
            JanusEvent bad = request("bad", call("c1", "calculator", Map.of("expression", "1 / 0")));
            harness.publish(bad);
            assertThat(failureOf(bad, "c1").content(EventKeys.TOOLS_EXECUTION_FAILED).error()).contains("division by zero");
            JanusEvent good = request("bad", call("c1", "calculator", Map.of("expression", "6 * 7")));
            harness.publish(good);
            assertThat(resultOf(good, "c1").content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).isEqualTo("6 * 7 = 42");
        }
    }

    @Nested
    class Cancellation {

        @Test
        void anInterruptedStreamCancelsItsRunningTimer() throws Exception {
            // given
            JanusEvent request = request("interrupted", call("timer-1", "timer", Map.of("seconds", 600)));
            harness.publish(request);
            harness.awaitEvent(EventType.TOOLS_EXECUTION_PROGRESS, e -> e.correlationId().equals(request.correlationId()),
                    WAIT);

            // when
            harness.publish(JanusEvent.create(EventKeys.INPUT_STREAM_INTERRUPTED, "interrupted",
                    new StreamInterrupted("barge_in"), EventContext.from("janus-input")));

            // then
            assertThat(failureOf(request, "timer-1").content(EventKeys.TOOLS_EXECUTION_FAILED).error())
                    .isEqualTo("cancelled: the user interrupted the conversation (barge_in)");
        }

        @Test
        void anEndedStreamCancelsItsRunningTimerButNotOtherStreams() throws Exception {
            // given
            JanusEvent ending = request("ending", call("timer-1", "timer", Map.of("seconds", 600)));
            JanusEvent other = request("other", call("timer-1", "timer", Map.of("seconds", 2)));
            harness.publish(ending);
            harness.publish(other);
            harness.awaitEvent(EventType.TOOLS_EXECUTION_PROGRESS, e -> e.correlationId().equals(ending.correlationId()),
                    WAIT);

            // when
            harness.publish(JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, "ending", new StreamEnded("closed"),
                    EventContext.from("janus-input")));

            // then
            assertThat(failureOf(ending, "timer-1").content(EventKeys.TOOLS_EXECUTION_FAILED).error())
                    .isEqualTo("cancelled: the conversation ended (closed)");
            assertThat(resultOf(other, "timer-1").content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).contains("is done");
        }
    }

    @Nested
    class Idempotency {

        @Test
        void aRedeliveredRequestRepublishesTheResultInsteadOfRunningTheCallAgain() throws Exception {
            // given
            JanusEvent request = request("again", call("counter-1", "counter", Map.of()));
            harness.publish(request);
            JanusEvent first = resultOf(request, "counter-1");
            // its outcome is recorded while the result is published: a redelivery after a crash comes after both
            awaitRecorded(request, "counter-1", first);

            // when: the bus hands the same request to the handler again (a redelivery after a crash)
            handler.onRequest(request, request.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED));

            // then
            assertThat(counter.runs).hasValue(1);
            assertThat(first.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).isEqualTo("side effect #1");
            assertThat(outcomes().claim(request.eventId(), "counter-1", Duration.ofMinutes(1)))
                    .isEqualTo(CallOutcomes.Claim.finished(first));
        }

        @Test
        void aResultIsPublishedWithoutWaitingForItsOutcomeToBeRecorded() throws Exception {
            // given: a store that records an outcome only once its result came over the bus (or gave up waiting)
            AtomicBoolean publishedBeforeRecorded = new AtomicBoolean();
            CallOutcomes recordingAfterThePublish = new ForwardingCallOutcomes(outcomes()) {
                @Override
                public void finish(String requestId, String callId, JanusEvent result, Duration retention) {
                    try {
                        harness.awaitEvent(result.eventType(), result::equals, WAIT);
                        publishedBeforeRecorded.set(true);
                    }
                    catch (TimeoutException notPublished) {
                        // left false: the result waited for its record
                    }
                    super.finish(requestId, callId, result, retention);
                }
            };
            startHandlerWith(recordingAfterThePublish);
            JanusEvent request = request("no-wait", call("calculator-1", "calculator", Map.of("expression", "1 + 1")));

            // when
            harness.publish(request);
            JanusEvent completed = resultOf(request, "calculator-1");

            // then
            awaitRecorded(request, "calculator-1", completed);
            assertThat(publishedBeforeRecorded).isTrue();
        }

        @Test
        void aCopyOfTheRequestArrivingWhileTheOutcomeIsRecordedLeavesTheCallAlone() throws Exception {
            // given: a store that holds the record of an outcome until told
            CountDownLatch recording = new CountDownLatch(1);
            CountDownLatch mayRecord = new CountDownLatch(1);
            CallOutcomes heldRecords = new ForwardingCallOutcomes(outcomes()) {
                @Override
                public void finish(String requestId, String callId, JanusEvent result, Duration retention) {
                    recording.countDown();
                    try {
                        mayRecord.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.finish(requestId, callId, result, retention);
                }
            };
            startHandlerWith(heldRecords);
            JanusEvent request = request("in-between", call("counter-1", "counter", Map.of()));
            harness.publish(request);
            JanusEvent first = resultOf(request, "counter-1");
            assertThat(recording.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            // when: the bus hands the same request to the handler again before the outcome is recorded
            handler.onRequest(request, request.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED));
            mayRecord.countDown();

            // then: not run again, not answered again
            awaitRecorded(request, "counter-1", first);
            assertThat(counter.runs).hasValue(1);
            assertThat(captured(request, EventType.TOOLS_EXECUTION_COMPLETED)).containsExactly(first);
        }

        @Test
        void aReleasedClaimCanBeClaimedAgainButAFinishedCallCannot() {
            CallOutcomes store = outcomes();
            assertThat(store.claim("request-x", "c1", Duration.ofMinutes(1))).isEqualTo(CallOutcomes.Claim.WON);
            assertThat(store.claim("request-x", "c1", Duration.ofMinutes(1))).isEqualTo(CallOutcomes.Claim.RUNNING);
            store.release("request-x", "c1");
            assertThat(store.claim("request-x", "c1", Duration.ofMinutes(1))).isEqualTo(CallOutcomes.Claim.WON);
            JanusEvent result = new CallEvents(GROUP).result(request("x", call("c1", "counter", Map.of())),
                    new ToolResult("c1", "counter", "done", null, 1));
            store.finish("request-x", "c1", result, Duration.ofMinutes(1));
            store.release("request-x", "c1");
            assertThat(store.claim("request-x", "c1", Duration.ofMinutes(1)))
                    .isEqualTo(CallOutcomes.Claim.finished(result));
        }

        @Test
        void aRedeliveredRequestSetsOneReminder() throws Exception {
            // given
            JanusEvent request = request("remind", call("reminder-1", "reminder",
                    Map.of("text", "call Maria", "in_seconds", 3600)));
            long before = reminders.pending();
            harness.publish(request);
            String output = resultOf(request, "reminder-1").content(EventKeys.TOOLS_EXECUTION_COMPLETED).output();

            // when
            handler.onRequest(request, request.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED));
            handler.onRequest(request, request.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED));

            // then
            assertThat(output).startsWith("I'll remind you to call Maria at ").endsWith("(in 1 hour).");
            assertThat(reminders.pending()).isEqualTo(before + 1);
        }
    }

    @Nested
    class Reminders {

        @Test
        void aDueReminderIsPublishedOnTheStreamItWasSetIn() throws Exception {
            // given
            JanusEvent request = request("due", call("reminder-1", "reminder", Map.of("text", "stretch", "in_seconds", 1)));

            // when
            harness.publish(request);

            // then
            JanusEvent due = harness.awaitEvent(EventType.TOOLS_REMINDER_DUE,
                    event -> event.correlationId().equals(request.correlationId()), WAIT);
            ReminderDue reminder = due.content(EventKeys.TOOLS_REMINDER_DUE);
            assertThat(reminder.text()).isEqualTo("stretch");
            assertThat(reminder.userId()).isEqualTo("ada");
            assertThat(due.streamId()).isEqualTo("due");
            assertThat(due.causationId()).isEqualTo(request.eventId());
        }
    }

    /** A store that does what the store it wraps does; a test overrides what it watches. */
    private static class ForwardingCallOutcomes implements CallOutcomes {

        private final CallOutcomes store;

        ForwardingCallOutcomes(CallOutcomes store) {
            this.store = store;
        }

        @Override
        public Claim claim(String requestId, String callId, Duration retention) {
            return store.claim(requestId, callId, retention);
        }

        @Override
        public void release(String requestId, String callId) {
            store.release(requestId, callId);
        }

        @Override
        public void finish(String requestId, String callId, JanusEvent result, Duration retention) {
            store.finish(requestId, callId, result, retention);
        }

        @Override
        public int forgetUser(String userId) {
            return store.forgetUser(userId);
        }
    }
}
