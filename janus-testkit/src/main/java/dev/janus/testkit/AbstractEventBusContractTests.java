package dev.janus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.DeadLetter;
import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.InvalidCursorException;
import dev.janus.bus.Subscription;
import dev.janus.events.AudioContent;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.StreamEnded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventBus} engine promises; each engine's test class extends this and
 * says how to build the engine. Each test builds its own bus and uses consumer groups of its own.
 */
public abstract class AbstractEventBusContractTests {

    private static final EventCodec CODEC = new EventCodec();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String run = "";

    /** Settings for this engine, fast for tests. */
    protected abstract TestBusSettings settings();

    /** A new engine with the given settings, metrics registry and tracing. */
    protected abstract EventBus createBus(TestBusSettings settings, MeterRegistry meters, OpenTelemetry tracing);

    /** Clears whatever the engine keeps between tests (Redis: the test database). */
    protected void reset() {
    }

    @BeforeEach
    void startRun() {
        reset();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeBuses() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }

    protected EventBus bus() {
        return bus(settings());
    }

    protected EventBus bus(TestBusSettings settings) {
        return bus(settings, new SimpleMeterRegistry(), OpenTelemetry.noop());
    }

    protected EventBus bus(TestBusSettings settings, MeterRegistry meters, OpenTelemetry tracing) {
        EventBus bus = createBus(settings, meters, tracing);
        if (bus instanceof AutoCloseable closeable) {
            opened.add(closeable);
        }
        return bus;
    }

    /** A consumer-group name unique to this test. */
    protected String group(String name) {
        return name + "-" + run;
    }

    /** A stream id unique to this test. */
    protected String stream(String name) {
        return name + "-" + run;
    }

    protected static JanusEvent message(String streamId, String text) {
        return EventFixtures.textMessage(streamId, text);
    }

    protected static JanusEvent streamEnded(String streamId) {
        return JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, streamId, new StreamEnded("closed"),
                EventContext.from(EventFixtures.TEST_SOURCE));
    }

    @Nested
    class PublishAndSubscribe {

        @Test
        void listsTheLiveSubscriptionsWithTheirPatternAndGroupAndForgetsCancelledOnes() {
            // given
            EventBus bus = bus();
            Subscription memory = bus.subscribe("input.*", group("janus-memory"), event -> { });
            Subscription input = bus.subscribeBroadcast("llm.response.delta", group("janus-input"), event -> { });
            Subscription cancelled = bus.subscribe("*", group("janus-proactive"), event -> { });

            // when
            cancelled.cancel();

            // then
            assertThat(bus.liveSubscriptions()).extracting(Subscription::pattern, Subscription::group)
                    .contains(tuple("input.*", group("janus-memory")), tuple("llm.response.delta", input.group()))
                    .doesNotContain(tuple("*", group("janus-proactive")));
            assertThat(input.group()).startsWith(group("janus-input") + "@");
            assertThat(memory.isActive()).isTrue();
        }

        @Test
        void deliversPublishedEventToSubscriber() throws Exception {
            // given
            EventBus bus = bus();
            List<JanusEvent> received = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("reader"), received::add);
            JanusEvent event = message(stream("s"), "Hello, can you help me?");

            // when
            bus.publish(event).get(10, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> received.size() == 1);
            JanusEvent got = received.get(0);
            assertThat(got.eventId()).isEqualTo(event.eventId());
            assertThat(got.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).isEqualTo("Hello, can you help me?");
            assertThat(got.correlationId()).isEqualTo(event.correlationId());
        }

        @Test
        void exactPatternReceivesOnlyItsType() throws Exception {
            // given
            EventBus bus = bus();
            List<JanusEvent> received = new CopyOnWriteArrayList<>();
            bus.subscribe("input.stream.ended", group("exact"), received::add);

            // when
            bus.publish(message(stream("s"), "not for you")).get(10, TimeUnit.SECONDS);
            bus.publish(streamEnded(stream("s"))).get(10, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> received.size() == 1);
            assertThat(received).extracting(JanusEvent::eventType).containsOnly(EventType.INPUT_STREAM_ENDED);
        }

        @Test
        void prefixWildcardReceivesItsFamilyOnly() throws Exception {
            // given
            EventBus bus = bus();
            List<JanusEvent> inputs = new CopyOnWriteArrayList<>();
            List<JanusEvent> everything = new CopyOnWriteArrayList<>();
            bus.subscribe("input.*", group("inputs"), inputs::add);
            bus.subscribe("*", group("everything"), everything::add);

            // when
            bus.publish(message(stream("s"), "hi")).join();
            bus.publish(streamEnded(stream("s"))).join();
            bus.publish(EventFixtures.emptyContext(stream("s"))).join();

            // then
            await().atMost(WAIT).until(() -> everything.size() == 3);
            await().atMost(WAIT).until(() -> inputs.size() == 2);
            assertThat(inputs).extracting(JanusEvent::eventType)
                    .containsExactlyInAnyOrder(EventType.INPUT_MESSAGE_RECEIVED, EventType.INPUT_STREAM_ENDED);
        }

        @Test
        void cancelledSubscriptionReceivesNothingMore() throws Exception {
            // given
            EventBus bus = bus();
            List<JanusEvent> cancelled = new CopyOnWriteArrayList<>();
            List<JanusEvent> witness = new CopyOnWriteArrayList<>();
            Subscription subscription = bus.subscribe("input.*", group("cancelled"), cancelled::add);
            bus.subscribe("input.*", group("witness"), witness::add);

            // when
            subscription.cancel();
            bus.publish(message(stream("s"), "after cancel")).join();

            // then
            await().atMost(WAIT).until(() -> witness.size() == 1);
            assertThat(subscription.isActive()).isFalse();
            assertThat(cancelled).isEmpty();
        }

        @Test
        void handlesEventsOfOneStreamInPublishOrder() {
            // given
            EventBus bus = bus();
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            bus.subscribe("input.message.received", group("ordered"),
                    event -> seen.computeIfAbsent(event.streamId(), key -> new CopyOnWriteArrayList<>())
                            .add(Integer.parseInt(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text())));

            // when
            for (int i = 0; i < 200; i++) {
                bus.publish(message(stream("conversation-" + (i % 4)), Integer.toString(i))).join();
            }

            // then
            await().atMost(WAIT).until(() -> seen.values().stream().mapToInt(List::size).sum() == 200);
            seen.values().forEach(numbers -> assertThat(numbers).isSorted());
        }
    }

    @Nested
    class ConsumerGroups {

        @Test
        void everyGroupHandlesEachEventOnce() {
            // given
            EventBus bus = bus();
            AtomicInteger memory = new AtomicInteger();
            AtomicInteger orchestrator = new AtomicInteger();
            bus.subscribe("input.*", group("memory"), event -> memory.incrementAndGet());
            bus.subscribe("input.message.received", group("orchestrator"), event -> orchestrator.incrementAndGet());

            // when
            for (int i = 0; i < 50; i++) {
                bus.publish(message(stream("s"), "message " + i)).join();
            }

            // then
            await().atMost(WAIT).until(() -> memory.get() == 50 && orchestrator.get() == 50);
        }

        @Test
        void subscriptionsOfOneGroupShareTheLoad() throws Exception {
            // given: one event in flight per member, and each member holds its first event until the other has one
            EventBus bus = bus(settings().maxInFlight(1).batchSize(1).concurrency(1));
            String group = group("shared");
            CountDownLatch bothBusy = new CountDownLatch(2);
            Map<String, Set<String>> handledBy = new ConcurrentHashMap<>();
            for (String member : List.of("a", "b")) {
                bus.subscribe("input.message.received", group, event -> {
                    handledBy.computeIfAbsent(member, key -> ConcurrentHashMap.newKeySet()).add(event.eventId());
                    bothBusy.countDown();
                    bothBusy.await(10, TimeUnit.SECONDS);
                });
            }

            // when
            for (int i = 0; i < 20; i++) {
                bus.publish(message(stream("s" + i), "work " + i)).join();
            }

            // then
            await().atMost(WAIT).until(() -> handledBy.values().stream().mapToInt(Set::size).sum() == 20);
            assertThat(bothBusy.getCount()).isZero();
            assertThat(handledBy.get("a")).doesNotContainAnyElementsOf(handledBy.get("b"));
        }

        @Test
        void handlesARepublishedEventOncePerGroup() {
            // given
            EventBus bus = bus();
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("idempotent"), event -> handled.add(event.eventId()));
            JanusEvent event = message(stream("s"), "say it twice");
            JanusEvent marker = message(stream("s"), "after the repeat");

            // when: at-least-once publishing repeats the same event id
            bus.publish(event).join();
            bus.publish(event).join();
            bus.publish(marker).join();

            // then: the marker comes after the repeat on the same stream, so the repeat was seen and skipped
            await().atMost(WAIT).until(() -> handled.contains(marker.eventId()));
            assertThat(handled).containsExactly(event.eventId(), marker.eventId());
        }
    }

    @Nested
    class TypedSubscriptions {

        @Test
        void aKeyedSubscriptionGetsOnlyItsTypeWithTheContentTyped() throws Exception {
            // given
            EventBus bus = bus();
            List<String> reasons = new CopyOnWriteArrayList<>();
            List<JanusEvent> events = new CopyOnWriteArrayList<>();
            bus.subscribe(EventKeys.INPUT_STREAM_ENDED, group("typed"), (event, ended) -> {
                events.add(event);
                reasons.add(ended.reason());
            });

            // when
            bus.publish(message(stream("s"), "not for you")).get(10, TimeUnit.SECONDS);
            JanusEvent ended = streamEnded(stream("s"));
            bus.publish(ended).get(10, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> reasons.size() == 1);
            assertThat(reasons).containsExactly("closed");
            assertThat(events).extracting(JanusEvent::eventId).containsExactly(ended.eventId());
            assertThat(bus.liveSubscriptions()).extracting(Subscription::pattern, Subscription::group)
                    .contains(tuple("input.stream.ended", group("typed")));
        }

        @Test
        void aKeyedBroadcastGetsTheContentTyped() throws Exception {
            // given
            EventBus bus = bus();
            List<String> texts = new CopyOnWriteArrayList<>();
            bus.subscribeBroadcast(EventKeys.INPUT_MESSAGE_RECEIVED, group("janus-input"),
                    (event, message) -> texts.add(message.text()));

            // when
            bus.publish(message(stream("s"), "hello")).get(10, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> texts.contains("hello"));
            assertThat(texts).containsExactly("hello");
        }
    }

    @Nested
    class Broadcast {

        @Test
        void broadcastSubscriptionSeesOnlyEventsPublishedAfterIt() throws Exception {
            // given
            EventBus bus = bus();
            List<JanusEvent> witness = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("witness"), witness::add);
            bus.publish(message(stream("s"), "before")).join();
            await().atMost(WAIT).until(() -> witness.size() == 1);
            List<String> seen = new CopyOnWriteArrayList<>();

            // when
            bus.subscribeBroadcast("input.message.received", group("janus-input"),
                    event -> seen.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));
            bus.publish(message(stream("s"), "after")).join();

            // then
            await().atMost(WAIT).until(() -> seen.contains("after"));
            assertThat(seen).containsExactly("after");
        }
    }

    @Nested
    class Failures {

        @Test
        void retriesAFailingHandlerUntilItSucceeds() {
            // given
            EventBus bus = bus();
            AtomicInteger attempts = new AtomicInteger();
            List<JanusEvent> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("flaky"), event -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("transient failure " + attempts.get());
                }
                handled.add(event);
            });

            // when
            bus.publish(message(stream("s"), "try again")).join();

            // then
            await().atMost(WAIT).until(() -> handled.size() == 1);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(((DeadLetterQueue) bus).deadLetterCount()).isZero();
        }

        @Test
        void deadLettersAfterTheLastAttemptAndKeepsGoing() {
            // given
            EventBus bus = bus();
            AtomicInteger poisonAttempts = new AtomicInteger();
            List<String> handled = new CopyOnWriteArrayList<>();
            String group = group("poisoned");
            bus.subscribe("input.message.received", group, event -> {
                String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
                if (text.equals("poison")) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalArgumentException("cannot digest poison");
                }
                handled.add(text);
            });
            JanusEvent poison = message(stream("s"), "poison");

            // when
            bus.publish(poison).join();
            bus.publish(message(stream("s"), "next")).join();
            bus.publish(message(stream("other"), "other stream")).join();

            // then
            DeadLetterQueue dlq = (DeadLetterQueue) bus;
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
            await().atMost(WAIT).until(() -> handled.size() == 2);
            DeadLetter letter = dlq.deadLetters(10).get(0);
            assertThat(poisonAttempts.get()).isEqualTo(3);
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.eventId()).isEqualTo(poison.eventId());
            assertThat(letter.eventType()).isEqualTo("input.message.received");
            assertThat(letter.originGroup()).isEqualTo(group);
            assertThat(letter.error()).contains("cannot digest poison");
            assertThat(letter.event()).contains(poison.eventId());
            assertThat(handled).containsExactlyInAnyOrder("next", "other stream");
        }

        @Test
        void aHandlerThatNeverReturnsIsInterruptedRetriedAndDeadLetteredWhileOthersFlow() {
            // given a handler that waits for ever on one message (interruptibly), with a timeout of 200 ms
            EventBus bus = bus(settings().handlerTimeout(Duration.ofMillis(200)));
            AtomicInteger stuckAttempts = new AtomicInteger();
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("hanging"), event -> {
                String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
                if (text.equals("hang")) {
                    stuckAttempts.incrementAndGet();
                    new CountDownLatch(1).await();
                }
                handled.add(text);
            });
            JanusEvent hang = message(stream("s"), "hang");

            // when
            bus.publish(hang).join();
            bus.publish(message(stream("s"), "after it")).join();
            bus.publish(message(stream("other"), "elsewhere")).join();

            // then every attempt is interrupted, the event is dead-lettered with the reason, and the rest is handled
            DeadLetterQueue dlq = (DeadLetterQueue) bus;
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
            await().atMost(WAIT).until(() -> handled.size() == 2);
            DeadLetter letter = dlq.deadLetters(1).get(0);
            assertThat(letter.eventId()).isEqualTo(hang.eventId());
            assertThat(letter.error()).contains("handler_timeout");
            assertThat(stuckAttempts.get()).isEqualTo(3);
            assertThat(handled).containsExactlyInAnyOrder("after it", "elsewhere");
        }

        @Test
        void aHandlerThatIgnoresInterruptsIsLeftBehindAndItsLaneGoesOnWithANewThread() {
            // given one lane and a handler that will not stop for an interrupt
            EventBus bus = bus(settings().concurrency(1).handlerTimeout(Duration.ofMillis(200)));
            AtomicBoolean release = new AtomicBoolean();
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("deaf"), event -> {
                String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
                while (text.equals("deaf") && !release.get()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                }
                handled.add(text);
            });

            try {
                // when
                bus.publish(message(stream("s"), "deaf")).join();
                bus.publish(message(stream("s2"), "behind it on the only lane")).join();

                // then the lane went on without the stuck thread, and the stuck event was dead-lettered
                DeadLetterQueue dlq = (DeadLetterQueue) bus;
                await().atMost(WAIT).until(() -> handled.contains("behind it on the only lane"));
                await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
                assertThat(dlq.deadLetters(1).get(0).error()).contains("handler_timeout");
            }
            finally {
                release.set(true);
            }
        }

        @Test
        void replaysADeadLetterToItsGroupWhichReturnsItWithItsHistoryWhenItFailsAgain() {
            // given a dead letter of one group, which another group handled fine
            EventBus bus = bus();
            AtomicBoolean healed = new AtomicBoolean();
            List<String> handled = new CopyOnWriteArrayList<>();
            List<String> bystander = new CopyOnWriteArrayList<>();
            String group = group("replayed");
            bus.subscribe("input.message.received", group, event -> {
                if (!healed.get()) {
                    throw new IllegalStateException("downstream down");
                }
                handled.add(event.eventId());
            });
            bus.subscribe("input.message.received", group("bystander"), event -> bystander.add(event.eventId()));
            JanusEvent event = message(stream("s"), "replay me");
            bus.publish(event).join();
            DeadLetterQueue dlq = (DeadLetterQueue) bus;
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
            String first = dlq.deadLetters(1).get(0).id();

            // when it is replayed while the group still fails, then again once it works
            assertThat(dlq.replay(first)).isTrue();
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1 && !dlq.deadLetters(1).get(0).id().equals(first));
            DeadLetter again = dlq.deadLetters(1).get(0);
            healed.set(true);
            assertThat(dlq.replay(again.id())).isTrue();

            // then
            assertThat(again.eventId()).isEqualTo(event.eventId());
            assertThat(again.history()).singleElement().asString().contains(group).contains("downstream down")
                    .contains("(3 attempts)");
            await().atMost(WAIT).until(() -> handled.contains(event.eventId()));
            assertThat(dlq.deadLetterCount()).isZero();
            assertThat(dlq.deadLetter(again.id())).isEmpty();
            assertThat(bystander).containsExactly(event.eventId());
            assertThat(dlq.replay(again.id())).isFalse();
        }

        @Test
        void deletesADeadLetter() {
            // given
            EventBus bus = bus();
            bus.subscribe("input.message.received", group("deleting"), event -> {
                throw new IllegalStateException("always broken");
            });
            bus.publish(message(stream("s"), "delete me")).join();
            DeadLetterQueue dlq = (DeadLetterQueue) bus;
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
            String id = dlq.deadLetters(1).get(0).id();

            // when
            boolean deleted = dlq.delete(id);

            // then
            assertThat(deleted).isTrue();
            assertThat(dlq.deadLetter(id)).isEmpty();
            assertThat(dlq.deadLetterCount()).isZero();
            assertThat(dlq.delete(id)).isFalse();
        }

        @Test
        void holdsEventsWhileTheGroupsBreakerIsOpenInsteadOfDeadLetteringThem() {
            // given: the breaker opens after 4 failed handlings and probes again after 200 ms
            EventBus bus = bus(settings().breaker(4, Duration.ofMillis(200)).retry(1, Duration.ofMillis(10)));
            AtomicInteger calls = new AtomicInteger();
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("breaker"), event -> {
                String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
                if (text.startsWith("fail") ) {
                    calls.incrementAndGet();
                    throw new IllegalStateException("downstream down");
                }
                handled.add(text);
            });

            // when: four failures open the breaker, then healthy events arrive
            for (int i = 0; i < 4; i++) {
                bus.publish(message(stream("f" + i), "fail " + i)).join();
            }
            DeadLetterQueue dlq = (DeadLetterQueue) bus;
            await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 4);
            for (int i = 0; i < 5; i++) {
                bus.publish(message(stream("ok" + i), "ok " + i)).join();
            }

            // then: they were held while it was open, and handled once it let them through
            await().atMost(WAIT).until(() -> handled.size() == 5);
            assertThat(dlq.deadLetterCount()).isEqualTo(4);
            assertThat(calls.get()).isEqualTo(4);
        }
    }

    @Nested
    class Observability {

        @Test
        void keepsHistoryForDebuggingAndReplay() {
            // given
            EventBus bus = bus();
            bus.subscribe("*", group("history-reader"), event -> { });
            String conversation = stream("history");
            List<JanusEvent> published = List.of(message(conversation, "one"), message(stream("elsewhere"), "other"),
                    message(conversation, "two"), streamEnded(conversation));

            // when
            published.forEach(event -> bus.publish(event).join());

            // then
            EventHistory history = (EventHistory) bus;
            await().atMost(WAIT).until(() -> history.recentEvents(EventPattern.ALL, conversation, 10).size() == 3);
            assertThat(history.recentEvents(EventPattern.ALL, conversation, 10)).extracting(JanusEvent::eventId)
                    .containsExactly(published.get(0).eventId(), published.get(2).eventId(), published.get(3).eventId());
            assertThat(history.recentEvents(EventPattern.of("input.stream.*"), conversation, 10))
                    .extracting(JanusEvent::eventType).containsExactly(EventType.INPUT_STREAM_ENDED);
            assertThat(history.recentEvents(EventPattern.ALL, conversation, 1)).extracting(JanusEvent::eventId)
                    .containsExactly(published.get(3).eventId());
        }

        @Test
        void listsAConversationPageByPageOldestFirstWithoutTheOthers() {
            // given five events of a conversation among others
            EventBus bus = bus();
            String conversation = stream("paged");
            List<String> ours = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JanusEvent event = message(conversation, "turn " + i);
                ours.add(event.eventId());
                bus.publish(event).join();
                bus.publish(message(stream("noise-" + i), "noise")).join();
            }
            EventHistory history = (EventHistory) bus;

            // when: the newest two; then from the start ("0"), two at a time
            EventHistory.ConversationPage newest = history.conversation(conversation, null, 2);
            EventHistory.ConversationPage first = history.conversation(conversation, "0", 2);
            EventHistory.ConversationPage second = history.conversation(conversation, first.nextCursor(), 2);
            EventHistory.ConversationPage third = history.conversation(conversation, second.nextCursor(), 2);
            EventHistory.ConversationPage done = history.conversation(conversation, third.nextCursor(), 2);

            // then
            assertThat(newest.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(3, 5));
            assertThat(first.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(0, 2));
            assertThat(second.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(2, 4));
            assertThat(third.events()).extracting(JanusEvent::eventId).containsExactly(ours.get(4));
            assertThat(done.events()).isEmpty();
            assertThat(done.nextCursor()).isEqualTo(third.nextCursor());
        }

        @Test
        void endsAPageBeforeItsJsonPassesTheBudgetAndCarriesOnFromThere() {
            // given twelve audio chunks of 600 KB (800 KB of JSON each): more than a page may carry
            EventBus bus = bus();
            String conversation = stream("heavy");
            List<String> ours = publishHeavyChunks(bus, conversation, null);
            EventHistory history = (EventHistory) bus;

            // when: the newest page, and the conversation from the start, page by page
            EventHistory.ConversationPage newest = history.conversation(conversation, null, 100);
            List<EventHistory.ConversationPage> pages = new ArrayList<>();
            String cursor = "0";
            for (int page = 0; page < 12; page++) {
                EventHistory.ConversationPage next = history.conversation(conversation, cursor, 100);
                if (next.events().isEmpty()) {
                    break;
                }
                pages.add(next);
                cursor = next.nextCursor();
            }

            // then each page stays within the budget, and the pages hold every event once, in order
            assertThat(newest.events()).isNotEmpty().hasSizeLessThan(12);
            assertThat(newest.events()).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(ours.subList(12 - newest.events().size(), 12));
            assertThat(pages).hasSizeGreaterThan(1).allSatisfy(page -> assertThat(page.events().stream()
                    .mapToLong(event -> CODEC.encode(event).length).sum()).isLessThanOrEqualTo(
                            EventHistory.MAX_PAGE_BYTES));
            assertThat(pages.stream().flatMap(page -> page.events().stream())).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(ours);
        }

        @Test
        void aConversationsRecentEventsAreTheNewestThatFitTheirBudget() {
            // given twelve audio chunks of 600 KB (800 KB of JSON each) among another conversation's messages
            EventBus bus = bus();
            String conversation = stream("heavy-recent");
            List<String> ours = publishHeavyChunks(bus, conversation, stream("light-recent"));
            EventHistory history = (EventHistory) bus;

            // when
            List<JanusEvent> recent = history.recentEvents(EventPattern.ALL, conversation, 100,
                    EventHistory.MAX_PAGE_BYTES);

            // then the newest of them, oldest first, as many as 8 MiB hold
            assertThat(recent).hasSize(10);
            assertThat(recent).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(ours.subList(12 - recent.size(), 12));
            assertThat(recent.stream().mapToLong(event -> CODEC.encode(event).length).sum())
                    .isLessThanOrEqualTo(EventHistory.MAX_PAGE_BYTES);
            assertThat(history.recentEvents(EventPattern.ALL, stream("light-recent"), 100,
                    EventHistory.MAX_PAGE_BYTES)).hasSize(12);
            assertThat(history.recentEvents(EventPattern.ALL, conversation, 100)).as("without a budget").hasSize(12);
        }

        @Test
        void theWholeBussRecentEventsAreTheNewestThatFitTheirBudget() {
            // given twelve audio chunks of 600 KB (800 KB of JSON each), each followed by another stream's message
            EventBus bus = bus();
            String light = stream("light-all");
            List<String> ours = publishHeavyChunks(bus, stream("heavy-all"), light);
            EventHistory history = (EventHistory) bus;

            // when: what an administrator's export reads of every stream
            List<JanusEvent> recent = history.recentEvents(EventPattern.ALL, null, 100, EventHistory.MAX_PAGE_BYTES);
            List<JanusEvent> newest = history.recentEvents(EventPattern.ALL, null, 3, EventHistory.MAX_PAGE_BYTES);

            // then the newest ten chunks (an eleventh would pass 8 MiB) with the messages between, oldest first
            assertThat(recent).extracting(JanusEvent::eventId).filteredOn(ours::contains)
                    .containsExactlyElementsOf(ours.subList(2, 12));
            assertThat(recent).filteredOn(event -> event.streamId().equals(light)).isNotEmpty();
            assertThat(recent).extracting(JanusEvent::timestamp).isSorted();
            assertThat(recent.stream().mapToLong(event -> CODEC.encode(event).length).sum())
                    .isLessThanOrEqualTo(EventHistory.MAX_PAGE_BYTES);
            assertThat(newest).hasSize(3).extracting(JanusEvent::eventId).contains(ours.get(11));
        }

        /**
         * Publishes twelve audio chunks of 600 KB (800 KB of JSON each) in {@code conversation}, each followed by a
         * message in {@code other} when one is named; the chunks' event ids, in order.
         */
        private List<String> publishHeavyChunks(EventBus bus, String conversation, @Nullable String other) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                JanusEvent chunk = JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, conversation,
                        new AudioContent(new byte[600 * 1024], 16_000, 1, "pcm_s16le", i), EventContext.from("test"));
                ids.add(chunk.eventId());
                bus.publish(chunk).join();
                if (other != null) {
                    bus.publish(EventFixtures.textMessage(other, "message " + i)).join();
                }
            }
            return ids;
        }

        @Test
        void refusesACursorItCouldNotHaveGivenInsteadOfFailingOnIt() {
            // given a conversation with an event
            EventBus bus = bus();
            String conversation = stream("cursors");
            bus.publish(message(conversation, "one")).join();
            EventHistory history = (EventHistory) bus;

            // when / then: not a cursor, or numbers past what a cursor of either engine holds (64 bits)
            for (String cursor : List.of("abc", "-1", "$", "", "99999999999999999999", "99999999999999999999-0",
                    "1-99999999999999999999")) {
                assertThatThrownBy(() -> history.conversation(conversation, cursor, 2)).as("cursor '%s'", cursor)
                        .isInstanceOf(InvalidCursorException.class);
            }
            assertThat(history.conversation(conversation, "0", 2).events()).hasSize(1);
        }

        @Test
        void countsPublishedAndHandledEventsByTypeAndStatus() {
            // given
            MeterRegistry meters = new SimpleMeterRegistry();
            EventBus bus = bus(settings(), meters, OpenTelemetry.noop());
            AtomicInteger handled = new AtomicInteger();
            bus.subscribe("input.message.received", group("counted"), event -> handled.incrementAndGet());

            // when
            for (int i = 0; i < 3; i++) {
                bus.publish(message(stream("s"), "count me")).join();
            }

            // then
            await().atMost(WAIT).until(() -> handled.get() == 3);
            await().atMost(WAIT).until(() -> meters.get("janus.events").tag("event_type", "input.message.received")
                    .tag("status", "handled").counter().count() == 3.0);
            assertThat(meters.get("janus.events").tag("event_type", "input.message.received").tag("status", "success")
                    .counter().count()).isEqualTo(3.0);
            assertThat(meters.get("janus.event.processing").tag("event_type", "input.message.received").timer().count())
                    .isEqualTo(3);
        }

        @Test
        void handlerSpanContinuesThePublishersTrace() {
            // given
            InMemorySpanExporter spans = InMemorySpanExporter.create();
            OpenTelemetrySdk tracing = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(spans))
                            .build())
                    .build();
            EventBus bus = bus(settings(), new SimpleMeterRegistry(), tracing);
            List<String> traceIdsSeenByHandler = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", group("traced"),
                    event -> traceIdsSeenByHandler.add(Span.current().getSpanContext().getTraceId()));
            JanusEvent event = message(stream("s"), "trace me");

            // when
            Span request = tracing.getTracer("test").spanBuilder("request").startSpan();
            try (Scope scope = request.makeCurrent()) {
                bus.publish(event).join();
            }
            finally {
                request.end();
            }

            // then
            String traceId = request.getSpanContext().getTraceId();
            await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                    .anyMatch(span -> span.getName().equals("handle input.message.received")));
            assertThat(traceIdsSeenByHandler).containsExactly(traceId);
            SpanData publish = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("publish input.message.received")).findFirst().orElseThrow();
            SpanData handle = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("handle input.message.received")).findFirst().orElseThrow();
            assertThat(publish.getTraceId()).isEqualTo(traceId);
            assertThat(handle.getTraceId()).isEqualTo(traceId);
            assertThat(handle.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(handle.getAttributes().asMap()).containsValues(event.eventId(), event.streamId());
            tracing.close();
        }
    }
}
