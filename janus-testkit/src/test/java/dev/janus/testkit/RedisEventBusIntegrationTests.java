package dev.janus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.AudioContent;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolExecutionStarted;
import dev.janus.events.VideoContent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What only the Redis engine has to survive, each case on a {@code redis-server} of its own: dead
 * consumers, Redis restarts, garbage entries, streams that appear later, trimming, shutdown.
 */
class RedisEventBusIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisProcess redis;
    private RedisClient client;
    private RedisCommands<String, String> redisCli;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start();
        client = RedisClient.create(redis.url());
        StatefulRedisConnection<String, String> connection = client.connect();
        opened.add(connection);
        redisCli = connection.sync();
    }

    @AfterEach
    void stopRedis() throws Exception {
        List<AutoCloseable> newestFirst = new java.util.ArrayList<>(opened);
        java.util.Collections.reverse(newestFirst);
        for (AutoCloseable closeable : newestFirst) {
            closeable.close();
        }
        client.shutdown();
        redis.close();
    }

    private RedisEventBus bus(TestBusSettings settings) {
        RedisEventBus bus = TestBuses.redis(settings.build(), new SimpleMeterRegistry(), OpenTelemetry.noop());
        opened.add(bus);
        return bus;
    }

    private TestBusSettings settings() {
        return TestBusSettings.redis(redis.url());
    }

    @Nested
    class DeadConsumers {

        @Test
        void redeliversAnEventToAnotherConsumerWhenItsConsumerDiesBetweenReadAndAck() throws Exception {
            // given: a consumer in its own JVM that reads the event and never acknowledges it
            Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), KillableConsumer.class.getName(), redis.url(), "janus-memory")
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                }
                catch (java.io.IOException e) {
                    // the process died
                }
            });
            reader.setDaemon(true);
            reader.start();
            awaitLine(lines, "READY");
            EventBus publisher = bus(settings());
            JanusEvent event = EventFixtures.textMessage("conversation", "remember this");

            // when: it has the event, it is killed -9
            publisher.publish(event).join();
            awaitLine(lines, "RECEIVED " + event.eventId());
            doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            List<JanusEvent> handled = new CopyOnWriteArrayList<>();
            bus(settings().claimIdle(Duration.ofMillis(500), Duration.ofMillis(100)))
                    .subscribe("input.message.received", "janus-memory", handled::add);

            // then: a surviving consumer of the group reclaims and handles it, and acknowledges it
            await().atMost(WAIT).until(() -> handled.size() == 1);
            assertThat(handled.get(0).eventId()).isEqualTo(event.eventId());
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-memory").getCount() == 0);
        }

        @Test
        void aConsumerKeptBusyStillReclaimsWhatADeadConsumerLeft() throws Exception {
            // given: an entry a consumer of the group read and never acknowledged (it died with it)
            String stream = "janus:input.message.received";
            JanusEvent orphan = EventFixtures.textMessage("orphaned", "left behind");
            EventBus publisher = bus(settings());
            publisher.publish(orphan).join();
            redisCli.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(stream, "0-0"), "janus-memory");
            redisCli.xreadgroup(io.lettuce.core.Consumer.from("janus-memory", "dead"),
                    io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(stream));

            // when: a live consumer of the group never runs out of new entries to read
            // (with room to read far ahead, so that it never waits for its handlers, and a command timeout and a
            // discovery interval longer than the test waits, so that neither is what brings it back to its claims)
            Set<String> handled = ConcurrentHashMap.newKeySet();
            bus(settings().claimIdle(Duration.ofMillis(300), Duration.ofMillis(100)).maxInFlight(100_000)
                    .commandTimeout(WAIT.multipliedBy(2)).discoveryInterval(WAIT.multipliedBy(2)))
                    .subscribe("input.message.received", "janus-memory", event -> handled.add(event.eventId()));
            AtomicBoolean publishing = new AtomicBoolean(true);
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            Thread busy = new Thread(() -> {
                try {
                    while (publishing.get()) {
                        publisher.publish(EventFixtures.textMessage("busy", "one more")).join();
                    }
                    stopped.complete(null);
                }
                catch (RuntimeException e) {
                    stopped.completeExceptionally(e);
                }
            });
            busy.start();
            try {
                // then: it still takes the dead consumer's entry over and handles it, however busy it is
                await().atMost(WAIT).until(() -> handled.contains(orphan.eventId()) && handled.size() > 1);
            }
            finally {
                publishing.set(false);
                busy.join();
            }
            stopped.join();
        }

        private void awaitLine(BlockingQueue<String> lines, String expected) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.equals(expected)) {
                    return;
                }
            }
            throw new AssertionError("consumer process never printed '" + expected + "'");
        }
    }

    @Nested
    class RedisFailures {

        @Test
        void resumesConsumingAfterRedisRestartsAndLosesItsGroups() {
            // given
            EventBus bus = bus(settings());
            List<String> handled = new CopyOnWriteArrayList<>();
            Subscription subscription = bus.subscribe("input.message.received", "janus-orchestrator",
                    event -> handled.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));
            bus.publish(EventFixtures.textMessage("s", "before")).join();
            await().atMost(WAIT).until(() -> handled.contains("before"));

            // when: Redis dies and comes back empty (no persistence: streams and groups are gone)
            redis.restart();
            await().atMost(WAIT).ignoreExceptions()
                    .until(() -> bus.publish(EventFixtures.textMessage("s", "after")).get(2, TimeUnit.SECONDS) == null);

            // then
            await().atMost(WAIT).until(() -> handled.contains("after"));
            assertThat(subscription.isActive()).isTrue();
            assertThat(redisCli.xinfoGroups("janus:input.message.received")).hasSize(1);
        }

        @Test
        void deadLettersAGarbageEntryAndKeepsConsuming() {
            // given
            RedisEventBus bus = bus(settings());
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", "janus-orchestrator",
                    event -> handled.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));

            // when: another client writes something that is not an event
            redisCli.xadd("janus:input.message.received", "event", "{not json", "event_type", "input.message.received");
            redisCli.xadd("janus:input.message.received", "something", "else");
            bus.publish(EventFixtures.textMessage("s", "still flowing")).join();

            // then
            await().atMost(WAIT).until(() -> handled.contains("still flowing"));
            await().atMost(WAIT).until(() -> bus.deadLetterCount() == 2);
            List<DeadLetter> letters = bus.deadLetters(10);
            assertThat(letters).extracting(DeadLetter::error)
                    .anySatisfy(error -> assertThat(error).contains("not valid JSON"))
                    .anySatisfy(error -> assertThat(error).contains("event is missing"));
            assertThat(letters).extracting(DeadLetter::event).containsExactlyInAnyOrder("{not json", "{something=else}");
            assertThat(letters).extracting(DeadLetter::originStream).containsOnly("janus:input.message.received");
            assertThat(letters).extracting(DeadLetter::originGroup).containsOnly("janus-orchestrator");
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-orchestrator").getCount() == 0);
        }

        @Test
        void deadLettersEntriesThatAreNotUtf8WithTheirReasonAndKeepsConsuming() {
            // given
            RedisEventBus bus = bus(settings());
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", "janus-orchestrator",
                    event -> handled.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));
            byte[] garbage = { (byte) 0x80, (byte) 0xc3, '{', (byte) 0xff, '"', 'x', (byte) 0xfe };
            byte[] brokenEvent = new EventCodec().encode(EventFixtures.textMessage("s", "broken #"));
            brokenEvent[indexOf(brokenEvent, (byte) '#')] = (byte) 0xff;

            // when: another client writes bytes that are not UTF-8, as such and inside an event's text
            try (StatefulRedisConnection<String, byte[]> raw = client.connect(
                    RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
                raw.sync().xadd("janus:input.message.received", entry(garbage));
                raw.sync().xadd("janus:input.message.received", entry(brokenEvent));
            }
            bus.publish(EventFixtures.textMessage("s", "still flowing")).join();

            // then
            await().atMost(WAIT).until(() -> handled.contains("still flowing"));
            await().atMost(WAIT).until(() -> bus.deadLetterCount() == 2);
            List<DeadLetter> letters = bus.deadLetters(10);
            assertThat(letters).extracting(DeadLetter::event).containsExactlyInAnyOrder(
                    new String(garbage, StandardCharsets.UTF_8), new String(brokenEvent, StandardCharsets.UTF_8));
            assertThat(letters).extracting(DeadLetter::error)
                    .allSatisfy(error -> assertThat(error).startsWith("undecodable: event is not valid JSON"));
            assertThat(letters).extracting(DeadLetter::eventType).containsOnly("input.message.received");
            assertThat(letters).extracting(DeadLetter::originGroup).containsOnly("janus-orchestrator");
            assertThat(handled).containsExactly("still flowing");
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-orchestrator").getCount() == 0);
        }

        private static Map<String, byte[]> entry(byte[] event) {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            fields.put("event", event);
            fields.put("event_type", "input.message.received".getBytes(StandardCharsets.UTF_8));
            return fields;
        }

        private static int indexOf(byte[] bytes, byte wanted) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == wanted) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no " + (char) wanted + " in the bytes");
        }

        @Test
        void aHandlerFailingBecauseRedisIsGoneWaitsForRedisWithoutSpendingItsAttempts() throws Exception {
            // given: a handler keeping state in the bus's Redis, as memory does, held inside its first handling
            RedisEventBus bus = bus(settings().retry(3, Duration.ofMillis(50)));
            StatefulRedisConnection<String, String> state = client.connect();
            opened.add(state);
            state.setTimeout(Duration.ofSeconds(1));
            AtomicInteger tries = new AtomicInteger();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch redisGone = new CountDownLatch(1);
            List<String> remembered = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", "janus-memory", event -> {
                tries.incrementAndGet();
                inside.countDown();
                redisGone.await();
                state.sync().set("remembered", event.eventId());
                remembered.add(event.eventId());
            });
            JanusEvent message = EventFixtures.textMessage("s", "remember me");
            bus.publish(message).join();
            assertThat(inside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // when: Redis dies during the handling and stays gone for more tries than the three attempts
            redis.kill();
            redisGone.countDown();
            await().atMost(WAIT).until(() -> tries.get() > 4);
            redis.restart();

            // then: handled once Redis is back, not dead-lettered
            await().atMost(WAIT).until(() -> remembered.contains(message.eventId()));
            assertThat(redisCli.get("remembered")).isEqualTo(message.eventId());
            assertThat(bus.deadLetterCount()).isZero();
        }

        @Test
        void deadLetterEntriesCarryErrorAttemptsAndOrigin() {
            // given
            RedisEventBus bus = bus(settings());
            bus.subscribe("input.message.received", "janus-memory", event -> {
                throw new IllegalStateException("always broken");
            });
            JanusEvent poison = EventFixtures.textMessage("s", "poison");

            // when
            bus.publish(poison).join();

            // then
            await().atMost(WAIT).until(() -> redisCli.xlen("janus:dlq") == 1);
            var entry = redisCli.xrange("janus:dlq", io.lettuce.core.Range.create("-", "+")).get(0).getBody();
            assertThat(entry).containsEntry("event_type", "input.message.received")
                    .containsEntry("event_id", poison.eventId())
                    .containsEntry("attempts", "3")
                    .containsEntry("origin_stream", "janus:input.message.received")
                    .containsEntry("origin_group", "janus-memory")
                    .containsKeys("origin_id", "failed_at", "event");
            assertThat(entry.get("error")).contains("always broken");
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-memory").getCount() == 0);
        }
    }

    @Nested
    class Broadcast {

        @Test
        void everyInstanceReceivesABroadcastWithoutAnyConsumerGroupInRedis() {
            // given: two instances of one component
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            Subscription one = bus(settings().consumerName("node-1"))
                    .subscribeBroadcast("orchestrator.response.ready", "janus-input", event -> first.add(event.eventId()));
            bus(settings().consumerName("node-2"))
                    .subscribeBroadcast("orchestrator.response.ready", "janus-input", event -> second.add(event.eventId()));
            JanusEvent reply = JanusEvent.create(EventKeys.ORCHESTRATOR_RESPONSE_READY, "s",
                    new dev.janus.events.FormattedResponse("hi", "chat", "markdown", List.of()),
                    dev.janus.events.EventContext.from("janus-orchestrator"));

            // when
            bus(settings()).publish(reply).join();

            // then: both saw it once, and nothing of theirs is in Redis, before or after one stops
            await().atMost(WAIT).until(() -> first.size() == 1 && second.size() == 1);
            assertThat(redisCli.xinfoGroups("janus:orchestrator.response.ready")).isEmpty();
            one.cancel();
            assertThat(redisCli.xinfoGroups("janus:orchestrator.response.ready")).isEmpty();
        }

        @Test
        void aBroadcastSeesOnlyWhatIsPublishedAfterItStarts() {
            // given an event published before the instance subscribed
            EventBus publisher = bus(settings());
            publisher.publish(EventFixtures.textMessage("s", "before")).join();
            List<String> seen = new CopyOnWriteArrayList<>();
            bus(settings()).subscribeBroadcast("input.*", "janus-input",
                    event -> seen.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));

            // when
            publisher.publish(EventFixtures.textMessage("s", "after")).join();

            // then
            await().atMost(WAIT).until(() -> seen.contains("after"));
            assertThat(seen).containsExactly("after");
        }

        @Test
        void groupsThatEarlierVersionsMadeForBroadcastsAreRemovedAtStart() {
            // given a broadcast group a node of an earlier version left behind, and a component's group
            redisCli.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("janus:input.stream.interrupted", "$"),
                    "janus-input@dead-node-1234-abcd", io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));
            redisCli.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("janus:input.stream.interrupted", "$"),
                    "janus-orchestrator", io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));

            // when a node starts
            bus(settings());

            // then only the component's group is left
            await().atMost(WAIT).until(() -> redisCli.xinfoGroups("janus:input.stream.interrupted").size() == 1);
            assertThat(redisCli.xinfoGroups("janus:input.stream.interrupted").toString()).contains("janus-orchestrator")
                    .doesNotContain("@");
        }
    }

    @Nested
    class PoisonEntries {

        @Test
        void anEntryDeliveredMaxDeliveriesTimesIsDeadLetteredWithItsCount() {
            // given an entry that consumers took three times and never acknowledged (each died with it)
            JanusEvent poison = EventFixtures.textMessage("s", "the message that kills consumers");
            bus(settings()).publish(poison).join();
            redisCli.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("janus:input.message.received", "0-0"),
                    "janus-memory");
            redisCli.xreadgroup(io.lettuce.core.Consumer.from("janus-memory", "dead-1"),
                    io.lettuce.core.XReadArgs.StreamOffset.lastConsumed("janus:input.message.received"));
            String id = redisCli.xrange("janus:input.message.received", io.lettuce.core.Range.create("-", "+")).get(0)
                    .getId();
            redisCli.xclaim("janus:input.message.received", io.lettuce.core.Consumer.from("janus-memory", "dead-2"),
                    0, id);
            redisCli.xclaim("janus:input.message.received", io.lettuce.core.Consumer.from("janus-memory", "dead-3"),
                    0, id);

            // when a consumer with max-deliveries 3 finds it idle
            List<JanusEvent> handled = new CopyOnWriteArrayList<>();
            RedisEventBus bus = bus(settings().maxDeliveries(3).claimIdle(Duration.ofMillis(200), Duration.ofMillis(100)));
            bus.subscribe("input.message.received", "janus-memory", handled::add);

            // then it goes to the dead-letter queue with the reason and the count, unhandled, and leaves the PEL
            await().atMost(WAIT).until(() -> bus.deadLetterCount() == 1);
            DeadLetter letter = bus.deadLetters(1).get(0);
            assertThat(letter.error()).startsWith("max_deliveries_exceeded").contains("delivered 3 times");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.eventId()).isEqualTo(poison.eventId());
            assertThat(handled).isEmpty();
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-memory").getCount() == 0);
        }

        @Test
        void aReplayedDeadLetterDeliveredMaxDeliveriesTimesKeepsItsEarlierFailures() {
            // given a dead letter replayed to its group, which consumers then took three times and never acknowledged
            JanusEvent poison = EventFixtures.textMessage("s", "the replayed message that kills consumers");
            bus(settings()).publish(poison).join();
            String stream = "janus:input.message.received";
            var published = redisCli.xrange(stream, io.lettuce.core.Range.create("-", "+")).get(0);
            redisCli.xdel(stream, published.getId());
            String id = redisCli.xadd(stream, Map.of("event", published.getBody().get("event"),
                    "event_type", "input.message.received", "replay_group", "janus-memory",
                    "replay_history", "[\"handler_timeout: the first failure\"]"));
            redisCli.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(stream, "0-0"), "janus-memory");
            redisCli.xreadgroup(io.lettuce.core.Consumer.from("janus-memory", "dead-1"),
                    io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(stream));
            redisCli.xclaim(stream, io.lettuce.core.Consumer.from("janus-memory", "dead-2"), 0, id);
            redisCli.xclaim(stream, io.lettuce.core.Consumer.from("janus-memory", "dead-3"), 0, id);

            // when a consumer with max-deliveries 3 finds it idle
            RedisEventBus bus = bus(settings().maxDeliveries(3).claimIdle(Duration.ofMillis(200), Duration.ofMillis(100)));
            bus.subscribe("input.message.received", "janus-memory", event -> { });

            // then its dead letter keeps the failure it was replayed after, and names its event
            await().atMost(WAIT).until(() -> bus.deadLetterCount() == 1);
            DeadLetter letter = bus.deadLetters(1).get(0);
            assertThat(letter.error()).startsWith("max_deliveries_exceeded");
            assertThat(letter.eventId()).isEqualTo(poison.eventId());
            assertThat(letter.history()).contains("handler_timeout: the first failure");
        }

        @Test
        void aHandlingLongerThanClaimIdleIsNotTakenOverWhileItsConsumerLives() throws Exception {
            // given two consumers of a group, claim-idle 300 ms, and a handler that takes two seconds
            List<String> handledBy = new CopyOnWriteArrayList<>();
            CountDownLatch slow = new CountDownLatch(1);
            TestBusSettings quick = settings().claimIdle(Duration.ofMillis(300), Duration.ofMillis(50));
            RedisEventBus first = bus(quick.consumerName("first"));
            first.subscribe("input.message.received", "janus-llm", event -> {
                handledBy.add("first");
                slow.await(2, TimeUnit.SECONDS);
            });
            JanusEvent event = EventFixtures.textMessage("s", "a long question");
            first.publish(event).join();
            await().atMost(WAIT).until(() -> handledBy.size() == 1);
            bus(quick.consumerName("second")).subscribe("input.message.received", "janus-llm",
                    ignored -> handledBy.add("second"));

            // when the handling outlasts claim-idle several times over
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-llm").getCount() == 0);

            // then the second consumer never took it over
            assertThat(handledBy).containsExactly("first");
        }
    }

    @Nested
    class ConversationIndex {

        @Test
        void aConversationFollowedByManyOthersIsListedCompleteAndOldestFirst() {
            // given a conversation, then 150 others
            RedisEventBus bus = bus(settings());
            List<String> ours = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JanusEvent event = EventFixtures.textMessage("ours", "message " + i);
                ours.add(event.eventId());
                bus.publish(event).join();
            }
            for (int i = 0; i < 150; i++) {
                for (int j = 0; j < 3; j++) {
                    bus.publish(EventFixtures.textMessage("other-" + i, "noise " + j)).join();
                }
            }

            // when / then: the newest five, oldest first; then paged forward from the start
            assertThat(bus.recentEvents(dev.janus.bus.EventPattern.ALL, "ours", 5)).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(ours.subList(1, 6));
            var first = bus.conversation("ours", null, 2);
            assertThat(first.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(4, 6));
            var fromStart = bus.conversation("ours", "0-0", 4);
            assertThat(fromStart.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(0, 4));
            var rest = bus.conversation("ours", fromStart.nextCursor(), 10);
            assertThat(rest.events()).extracting(JanusEvent::eventId).containsExactlyElementsOf(ours.subList(4, 6));
            assertThat(bus.conversation("ours", rest.nextCursor(), 10).events()).isEmpty();
        }

        @Test
        void hasNothingAfterTheLargestEntryIdThatRedisCanName() {
            // given a conversation with an event
            RedisEventBus bus = bus(settings());
            bus.publish(EventFixtures.textMessage("ours", "hello")).join();
            String largest = "18446744073709551615-18446744073709551615";

            // when / then: Redis refuses a range after it; the page is empty and stays there
            var page = bus.conversation("ours", largest, 10);
            assertThat(page.events()).isEmpty();
            assertThat(page.nextCursor()).isEqualTo(largest);
            assertThat(bus.conversation("ours", "18446744073709551615", 10).events()).isEmpty();
        }

        @Test
        void anEventPublishedTwiceIsListedOnceAndTrimmedEventsAreSkipped() {
            // given a retried publish, and a type whose stream keeps very little
            RedisEventBus bus = bus(settings().retention("input.video.frame", 1L, null));
            JanusEvent message = EventFixtures.textMessage("conv", "hello");
            bus.publish(message).join();
            bus.publish(message).join();
            for (int i = 0; i < 300; i++) {
                bus.publish(JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, "conv",
                        new dev.janus.events.VideoContent(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1 },
                                "image/jpeg", i), dev.janus.events.EventContext.from("janus-input"))).join();
            }

            // when
            List<JanusEvent> listed = bus.conversation("conv", "0-0", 1_000).events();

            // then
            assertThat(listed.stream().filter(event -> event.eventId().equals(message.eventId()))).hasSize(1);
            assertThat(listed.size()).isLessThan(300);
            assertThat(redisCli.xlen("janus:conversation:{conv}")).isGreaterThanOrEqualTo(302);
        }

        @Test
        void aPageHoldsItsLimitOfEventsWhileOlderOnesExistWhateverWasTrimmedBetween() {
            // given five messages, then video frames of which the type stream keeps few, then two more messages
            RedisEventBus bus = bus(settings().retention("input.video.frame", 1L, null));
            List<String> messages = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                if (i == 5) {
                    for (int frame = 0; frame < 500; frame++) {
                        bus.publish(JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, "call", new dev.janus.events.VideoContent(
                                new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1 }, "image/jpeg", frame),
                                dev.janus.events.EventContext.from("janus-input"))).join();
                    }
                }
                JanusEvent message = EventFixtures.textMessage("call", "message " + i);
                messages.add(message.eventId());
                bus.publish(message).join();
            }
            List<String> everything = bus.conversation("call", "0-0", 1_000).events().stream()
                    .map(JanusEvent::eventId).toList();
            assertThat(everything).hasSizeLessThan(507).containsSubsequence(messages);

            // when paged forward three at a time, and the newest page asked for
            List<String> paged = new java.util.ArrayList<>();
            List<Integer> sizes = new java.util.ArrayList<>();
            var page = bus.conversation("call", "0-0", 3);
            while (!page.events().isEmpty()) {
                sizes.add(page.events().size());
                page.events().forEach(event -> paged.add(event.eventId()));
                page = bus.conversation("call", page.nextCursor(), 3);
            }
            var newest = bus.conversation("call", null, 3);

            // then every page but the last is full, nothing is skipped or listed twice, and the newest page is full
            assertThat(sizes.subList(0, sizes.size() - 1)).containsOnly(3);
            assertThat(paged).containsExactlyElementsOf(everything);
            assertThat(newest.events()).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(everything.subList(everything.size() - 3, everything.size()));
            // asking for as many as there are gives them all, the messages from before the trimmed frames too
            assertThat(bus.conversation("call", null, everything.size()).events()).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(everything);
        }
    }

    @Nested
    class Retention {

        @Test
        void eachTypeKeepsWhatItsRetentionSays() {
            // given audio chunks kept by length, everything else by the default length
            EventBus bus = bus(settings().maxLength(100_000).retention("input.audio.chunk", 100L, null));

            // when
            for (int i = 0; i < 2_000; i++) {
                bus.publish(EventFixtures.textMessage("s", "event " + i)).join();
                bus.publish(JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, "s",
                        new dev.janus.events.AudioContent(new byte[] { 1, 2 }, 16_000, 1, "pcm16", i),
                        dev.janus.events.EventContext.from("janus-input"))).join();
            }

            // then
            assertThat(redisCli.xlen("janus:input.audio.chunk")).isBetween(100L, 300L);
            assertThat(redisCli.xlen("janus:input.message.received")).isEqualTo(2_000L);
        }

        @Test
        void aTypeWithAMaximumAgeLosesOlderEntries() {
            // given entries older than video's maximum age of one second
            EventBus bus = bus(settings().retention("input.video.frame", null, Duration.ofSeconds(1)));
            for (int i = 0; i < 200; i++) {
                bus.publish(JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, "s",
                        new dev.janus.events.VideoContent(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1 },
                                "image/jpeg", i), dev.janus.events.EventContext.from("janus-input"))).join();
            }

            // then the periodic trim removes them (MINID ~ trims whole macro nodes: most, then all)
            await().atMost(WAIT).until(() -> redisCli.xlen("janus:input.video.frame") < 200);
        }
    }

    @Nested
    class MemoryMetrics {

        @Test
        void reportsWhatRedisUsesAndItsCap() {
            // given a Redis capped at 100 MiB
            redisCli.configSet("maxmemory", String.valueOf(100L * 1024 * 1024));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisEventBus bus = TestBuses.redis(settings().build(), registry, OpenTelemetry.noop());
            opened.add(bus);

            // when the bus samples INFO memory (every 200 ms here)
            bus.publish(EventFixtures.textMessage("s", "hello")).join();

            // then both gauges carry what Redis says
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(registry.get("janus.redis.memory.max").gauge().value()).isEqualTo(100.0 * 1024 * 1024);
                assertThat(registry.get("janus.redis.memory.used").gauge().value()).isPositive();
            });
            long used = Long.parseLong(redisCli.info("memory").lines().filter(line -> line.startsWith("used_memory:"))
                    .findFirst().orElseThrow().substring("used_memory:".length()).trim());
            assertThat(registry.get("janus.redis.memory.used").gauge().value()).isBetween(used / 2.0, used * 2.0);
        }

        @Test
        void reportsNoCapWhenRedisHasNone() {
            // given a Redis without maxmemory
            redisCli.configSet("maxmemory", "0");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            opened.add(TestBuses.redis(settings().build(), registry, OpenTelemetry.noop()));

            // then the cap reads 0 (the alert ignores it) while the use is reported
            await().atMost(WAIT).untilAsserted(
                    () -> assertThat(registry.get("janus.redis.memory.used").gauge().value()).isPositive());
            assertThat(registry.get("janus.redis.memory.max").gauge().value()).isZero();
        }
    }

    @Nested
    class Backpressure {

        @Test
        void readsNoMoreThanMaxInFlightWhileHandlersAreBusy() throws Exception {
            // given: a slow group allowed 5 events in flight
            RedisEventBus bus = bus(settings().maxInFlight(5).concurrency(5));
            CountDownLatch release = new CountDownLatch(1);
            List<String> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("input.message.received", "janus-memory", event -> {
                release.await(20, TimeUnit.SECONDS);
                handled.add(event.eventId());
            });

            // when: a burst arrives
            for (int i = 0; i < 500; i++) {
                bus.publish(EventFixtures.textMessage("s" + i, "burst " + i)).join();
            }

            // then: only 5 were taken from Redis; the rest wait in the stream, not in memory
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-memory").getCount() == 5);
            assertThat(redisCli.xinfoGroups("janus:input.message.received")).hasSize(1);
            release.countDown();
            await().atMost(WAIT).until(() -> handled.size() == 500);
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-memory").getCount() == 0);
        }

        @Test
        void failsAPublishFastWhileRedisIsDown() {
            // given
            RedisEventBus bus = bus(settings());
            bus.publish(EventFixtures.textMessage("s", "connect first")).join();

            // when
            redis.kill();

            // then
            assertThat(bus.publish(EventFixtures.textMessage("s", "nobody listens")))
                    .failsWithin(WAIT)
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(dev.janus.bus.PublishException.class)
                    .withMessageContaining("could not publish input.message.received");
        }
    }

    @Nested
    class Streams {

        @Test
        void wildcardPicksUpATypeWhoseStreamAppearsLater() {
            // given: nothing has ever been published, so no stream exists yet
            RedisEventBus bus = bus(settings());
            List<JanusEvent> handled = new CopyOnWriteArrayList<>();
            bus.subscribe("tools.*", "janus-proactive", handled::add);
            assertThat(redisCli.exists("janus:custom.later")).isZero();

            // when: a publisher of a newer contract version adds a type this build does not know,
            // and a known type is published for the first time
            redisCli.xadd("janus:tools.custom.later", "event", "{\"event_type\":\"tools.custom.later\"}", "event_type",
                    "tools.custom.later");
            redisCli.sadd("janus:streams", "tools.custom.later");
            bus.publish(JanusEvent.create(EventKeys.TOOLS_EXECUTION_STARTED, "s",
                    new dev.janus.events.ToolExecutionStarted("call-1", "calculator"),
                    dev.janus.events.EventContext.from("janus-tools"))).join();

            // then: the subscriber reads both streams; the unknown type is dead-lettered, not lost
            await().atMost(WAIT).until(() -> handled.size() == 1);
            await().atMost(WAIT).until(() -> bus.deadLetterCount() == 1);
            assertThat(bus.deadLetters(1).get(0).error()).contains("'tools.custom.later' is not a known event type");
            assertThat(redisCli.xinfoGroups("janus:tools.custom.later")).hasSize(1);
        }

        @Test
        void trimsStreamsApproximatelyToTheConfiguredLength() {
            // given
            EventBus bus = bus(settings().maxLength(100));

            // when
            for (int i = 0; i < 2_000; i++) {
                bus.publish(EventFixtures.textMessage("s", "event " + i)).join();
            }

            // then: MAXLEN ~ trims whole macro nodes, so the stream stays near, not at, the bound
            assertThat(redisCli.xlen("janus:input.message.received")).isBetween(100L, 300L);
        }

        @Test
        void leavesUnstartedEventsPendingForTheGroupWhenASubscriptionIsCancelled() throws Exception {
            // given: one lane, the first event's handler is running when the subscription is cancelled
            RedisEventBus bus = bus(settings().concurrency(1));
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> handled = new CopyOnWriteArrayList<>();
            Subscription subscription = bus.subscribe("input.message.received", "janus-output", event -> {
                running.countDown();
                release.await(10, TimeUnit.SECONDS);
                handled.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text());
            });
            for (int i = 0; i < 5; i++) {
                bus.publish(EventFixtures.textMessage("s", "event " + i)).join();
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            // when
            Thread canceller = new Thread(subscription::cancel);
            canceller.start();
            await().atMost(WAIT).until(() -> !subscription.isActive());
            release.countDown();
            canceller.join(10_000);

            // then: the running handler finished; the other four were never started here and stay with the group
            // (pending on the cancelled consumer, or not yet read at all) for its next consumer
            assertThat(handled).containsExactly("event 0");
            List<String> rest = new CopyOnWriteArrayList<>();
            bus(settings().claimIdle(Duration.ofMillis(200), Duration.ofMillis(100)))
                    .subscribe("input.message.received", "janus-output",
                            event -> rest.add(event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));
            await().atMost(WAIT).until(() -> rest.size() == 4);
            await().atMost(WAIT).until(
                    () -> redisCli.xpending("janus:input.message.received", "janus-output").getCount() == 0);
            assertThat(rest).containsExactlyInAnyOrder("event 1", "event 2", "event 3", "event 4");
        }
    }
}
