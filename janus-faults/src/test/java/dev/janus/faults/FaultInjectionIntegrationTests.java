package dev.janus.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.RedisProcess;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection suite: each case runs the Redis engine against {@code redis-server} processes of its own,
 * injects one kind of fault, and checks the {@link History}: every acknowledged publish was handled (or
 * dead-lettered with its reason), and handler runs are counted raw, so a duplicate the bus lets through shows —
 * cases without a crash must have none, a crash may cost at most what its window allows. What each case found is
 * printed, so a CI log shows the duplicates and refusals a fault cost.
 */
class FaultInjectionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TYPE = "input.message.received";
    private static final String STREAM_KEY = "janus:" + TYPE;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final History history = new History();

    @AfterEach
    void release() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Nested
    class ConsumersKilled {

        @Test
        void killingConsumersWithSigkillBetweenReadAndAckRepeatedlyLosesNothing() throws Exception {
            // given a consumer in its own JVM, handling into a ledger no fault touches
            RedisProcess faulted = redis(List.of());
            RedisProcess ledgerRedis = redis(List.of());
            RedisCommands<String, String> ledger = commands(ledgerRedis);
            ConsumerProcess consumer = ConsumerProcess.start(faulted.url(), ledgerRedis.url(), "consumer-0");
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));

            // when 3,000 events are published while the consumer is killed -9 four times mid-flow
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 3_000; i++) {
                    history.publish(publisher, EventFixtures.textMessage("stream-" + (i % 20), "event " + i));
                }
            });
            for (int round = 1; round <= 4; round++) {
                long reached = 500L * round;
                await().atMost(WAIT).until(() -> ledger.hlen(LedgerConsumer.ATTEMPTS) >= reached);
                consumer.kill();
                consumer = ConsumerProcess.start(faulted.url(), ledgerRedis.url(), "consumer-" + round);
            }
            publishing.join();
            try (ConsumerProcess last = consumer) {
                await().atMost(WAIT).until(() -> ledger.hkeys(LedgerConsumer.EFFECTS)
                        .containsAll(history.acknowledged().keySet()));
                history.recordFromLedger(ledger.hgetall(LedgerConsumer.ATTEMPTS), ledger.hgetall(LedgerConsumer.EFFECTS));
            }

            // then nothing is lost; a consumer killed after its handler ran and before its acknowledgement left
            // makes that event run again on the next consumer: at most once more per kill
            History.Verdict verdict = report("consumers killed -9 four times", history.verdict(Set.of()));
            assertThat(verdict.acknowledged()).isEqualTo(3_000);
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.maxEffectsPerEvent()).isLessThanOrEqualTo(1 + 4);
        }
    }

    @Nested
    class RedisKilled {

        @ParameterizedTest(name = "appendfsync {0}")
        @ValueSource(strings = { "always", "everysec" })
        void killingRedisAndRestartingItFromItsAppendOnlyFileLosesOnlyWhatTheFsyncPolicyAllows(String fsync)
                throws Exception {
            // given
            RedisProcess faulted = redis(List.of("--appendonly", "yes", "--appendfsync", fsync));
            EventBus consumer = bus(TestBusSettings.redis(faulted.url()).maxLength(0).claimIdle(Duration.ofMillis(500),
                    Duration.ofMillis(100)));
            consumer.subscribe(TYPE, "janus-faults", history.handler());
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));

            // when Redis is killed -9 after 1,000 acknowledged publishes and restarted at once
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 3_000; i++) {
                    history.publish(publisher, EventFixtures.textMessage("stream-" + (i % 20), "event " + i));
                }
            });
            await().atMost(WAIT).until(() -> history.acknowledged().size() >= 1_000);
            Instant killedAt = Instant.now();
            faulted.kill();
            // a write Redis acknowledged just before it died may be recorded a moment after killedAt: the kill
            // window ends once the process is gone
            Instant dead = Instant.now();
            faulted.restart();
            publishing.join();
            RedisCommands<String, String> redisCli = commands(faulted);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> caughtUp(redisCli));

            // then
            History.Verdict verdict = report("Redis killed -9 and restarted, appendfsync " + fsync,
                    history.verdict(Set.of()));
            // an acknowledgement (and its handled-marker) that the kill took away makes its event run once more
            assertThat(verdict.maxEffectsPerEvent()).isLessThanOrEqualTo(2);
            if (fsync.equals("always")) {
                assertThat(verdict.lost()).isEmpty();
            }
            else {
                // everysec: at most the last second or so of acknowledged writes may be gone with the kill
                Map<String, Instant> acknowledged = history.acknowledged();
                assertThat(verdict.lost()).allSatisfy(id -> assertThat(acknowledged.get(id))
                        .isBetween(killedAt.minusSeconds(2), dead));
            }
        }

        @Test
        void aBroadcastSubscribedWhileRedisIsGoneReadsOnceRedisIsBack() {
            // given a broadcast subscribed while its bus's Redis is gone
            RedisProcess faulted = redis(List.of());
            EventBus consumer = bus(TestBusSettings.redis(faulted.url()));
            faulted.kill();
            AtomicInteger received = new AtomicInteger();
            consumer.subscribeBroadcast(TYPE, "janus-faults", event -> received.incrementAndGet());

            // when Redis is back
            faulted.restart();

            // then the broadcast reads what is published from then on
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                publisher.publish(EventFixtures.textMessage("broadcast-late", "anyone?")).join();
                return received.get() > 0;
            });
        }

        /** Whether the group has read everything in the stream and acknowledged all it read. */
        private boolean caughtUp(RedisCommands<String, String> redisCli) {
            if (redisCli.xpending(STREAM_KEY, "janus-faults").getCount() != 0) {
                return false;
            }
            for (Object group : redisCli.xinfoGroups(STREAM_KEY)) {
                List<?> fields = (List<?>) group;
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if ("lag".equals(String.valueOf(fields.get(i)))) {
                        return Long.valueOf(0).equals(fields.get(i + 1));
                    }
                }
            }
            return false;
        }
    }

    @Nested
    class RedisPaused {

        @Test
        void pausingRedisLongerThanTheCommandTimeoutRefusesPublishesAndLosesNoAcknowledgedOne() throws Exception {
            // given a command timeout of 2 s
            RedisProcess faulted = redis(List.of());
            EventBus consumer = bus(TestBusSettings.redis(faulted.url()).maxLength(0).claimIdle(Duration.ofMillis(500),
                    Duration.ofMillis(100)));
            consumer.subscribe(TYPE, "janus-faults", history.handler());
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            for (int i = 0; i < 200; i++) {
                history.publish(publisher, EventFixtures.textMessage("before", "event " + i));
            }

            // when Redis is frozen (SIGSTOP) until 20 publishes have failed on the timeout, then thawed
            faulted.pause();
            List<CompletableFuture<Boolean>> duringPause = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                JanusEvent event = EventFixtures.textMessage("during", "event " + i);
                duringPause.add(CompletableFuture.supplyAsync(() -> history.publish(publisher, event)));
            }
            CompletableFuture.allOf(duringPause.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            faulted.resume();
            for (int i = 0; i < 200; i++) {
                history.publish(publisher, EventFixtures.textMessage("after", "event " + i));
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // then
            History.Verdict verdict = report("Redis paused past the command timeout", history.verdict(Set.of()));
            assertThat(duringPause).allSatisfy(published -> assertThat(published.join()).isFalse());
            assertThat(verdict.refused()).isEqualTo(20);
            assertThat(verdict.acknowledged()).isEqualTo(400);
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.maxEffectsPerEvent()).isEqualTo(1);
        }
    }

    @Nested
    class SlowHandlers {

        @Test
        void aHandlerSlowerThanTheClaimIdleTimeIsNotTakenOverWhileItsConsumerLives() throws Exception {
            // given two consumers of one group, claim-idle 300 ms, and a handler that takes a second per event
            RedisProcess faulted = redis(List.of());
            TestBusSettings settings = TestBusSettings.redis(faulted.url()).maxLength(0).concurrency(2)
                    .claimIdle(Duration.ofMillis(300), Duration.ofMillis(50));
            EventBus slow = bus(settings.consumerName("slow"));
            slow.subscribe(TYPE, "janus-faults", event -> {
                history.attempted(event.eventId());
                new CountDownLatch(1).await(1, TimeUnit.SECONDS);
                history.applied(event.eventId());
            });
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            for (int i = 0; i < 6; i++) {
                history.publish(publisher, EventFixtures.textMessage("slow-" + i, "event " + i));
            }

            // when a fast consumer of the group runs beside it the whole time
            bus(TestBusSettings.redis(faulted.url()).maxLength(0).concurrency(2)
                    .claimIdle(Duration.ofMillis(300), Duration.ofMillis(50)).consumerName("fast"))
                    .subscribe(TYPE, "janus-faults", history.handler());
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // then the slow consumer keeps what it works on alive: nothing ran twice
            History.Verdict verdict = report("handler slower than claim-idle", history.verdict(Set.of()));
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.duplicates()).isZero();
            assertThat(history.acknowledged().keySet()).allSatisfy(id -> assertThat(history.attempts(id)).isEqualTo(1));
        }
    }

    @Nested
    class Duplicates {

        @Test
        void anEventPublishedTwiceIsHandledOncePerCopyAtMostAcrossTwoReplicas() throws Exception {
            // given two replicas of one group
            RedisProcess faulted = redis(List.of());
            for (String name : List.of("replica-1", "replica-2")) {
                bus(TestBusSettings.redis(faulted.url()).maxLength(0).consumerName(name))
                        .subscribe(TYPE, "janus-faults", history.handler());
            }
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));

            // when every event is published twice (a publisher that retried after a timeout)
            for (int i = 0; i < 200; i++) {
                JanusEvent event = EventFixtures.textMessage("twice-" + (i % 10), "event " + i);
                history.publish(publisher, event);
                history.publish(publisher, event);
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // then each copy ran at most once: a replica that saw the id skips it, the other may not have
            History.Verdict verdict = report("every event published twice, two replicas", history.verdict(Set.of()));
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.maxEffectsPerEvent()).isLessThanOrEqualTo(2);
        }

        @Test
        void aLostAcknowledgementMakesTheEventRunNoSecondTime() throws Exception {
            // given a consumer whose Redis user may not XACK: every acknowledgement it sends is lost
            RedisProcess faulted = redis(List.of());
            RedisCommands<String, String> admin = commands(faulted);
            admin.aclSetuser("noack", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("noack-pass")
                    .allKeys().allChannels().allCommands().removeCommand(io.lettuce.core.protocol.CommandType.XACK));
            String noAck = faulted.url().replace("redis://", "redis://noack:noack-pass@");
            RedisEventBus forgetful = bus(TestBusSettings.redis(noAck).maxLength(0).consumerName("forgetful")
                    .claimIdle(Duration.ofMinutes(10), Duration.ofMinutes(10)));
            Subscription unacknowledging = forgetful.subscribe(TYPE, "janus-faults", history.handler());
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            for (int i = 0; i < 100; i++) {
                history.publish(publisher, EventFixtures.textMessage("lost-ack-" + (i % 5), "event " + i));
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);
            assertThat(admin.xpending(STREAM_KEY, "janus-faults").getCount()).isEqualTo(100);

            // when that consumer goes away and another of the group reclaims what it left pending
            unacknowledging.cancel();
            bus(TestBusSettings.redis(faulted.url()).maxLength(0).consumerName("careful")
                    .claimIdle(Duration.ofMillis(300), Duration.ofMillis(50)))
                    .subscribe(TYPE, "janus-faults", history.handler());
            await().atMost(WAIT).until(() -> admin.xpending(STREAM_KEY, "janus-faults").getCount() == 0);

            // then the handled-markers kept every event from running again
            History.Verdict verdict = report("acknowledgements lost", history.verdict(Set.of()));
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.duplicates()).isZero();
        }

        @Test
        void groupsCreatedAgainAfterNogroupWhileTheStreamsSurviveDoNotHandleTheirHistoryAgain() throws Exception {
            // given a group that handled 300 events
            RedisProcess faulted = redis(List.of());
            RedisCommands<String, String> admin = commands(faulted);
            bus(TestBusSettings.redis(faulted.url()).maxLength(0)).subscribe(TYPE, "janus-faults", history.handler());
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            for (int i = 0; i < 300; i++) {
                history.publish(publisher, EventFixtures.textMessage("kept-" + (i % 10), "before " + i));
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // when the group disappears (the streams stay), and more events come
            admin.xgroupDestroy(STREAM_KEY, "janus-faults");
            for (int i = 0; i < 300; i++) {
                history.publish(publisher, EventFixtures.textMessage("kept-" + (i % 10), "after " + i));
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // then the group came back where it was: the new events ran once, the old ones not again
            History.Verdict verdict = report("group destroyed, streams kept", history.verdict(Set.of()));
            assertThat(verdict.acknowledged()).isEqualTo(600);
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.duplicates()).isZero();
        }

        @Test
        void aGroupThatCannotBeCreatedAgainAtOnceIsCreatedWhenRedisAllowsItAndNothingIsLost() throws Exception {
            // given a group that handled 100 events
            RedisProcess faulted = redis(List.of());
            RedisCommands<String, String> admin = commands(faulted);
            bus(TestBusSettings.redis(faulted.url()).maxLength(0)).subscribe(TYPE, "janus-faults", history.handler());
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            for (int i = 0; i < 100; i++) {
                history.publish(publisher, EventFixtures.textMessage("refused-" + (i % 10), "before " + i));
            }
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // when the group disappears while Redis refuses to create groups (as a shared connection not yet
            // reconnected would), the reader has tried, and then Redis allows it again and more events come
            admin.aclSetuser("default", AclSetuserArgs.Builder.removeCommand(CommandType.XGROUP, CommandKeyword.CREATE));
            admin.xgroupDestroy(STREAM_KEY, "janus-faults");
            await().atMost(WAIT).until(() -> admin.aclLog().stream()
                    .anyMatch(entry -> String.valueOf(entry.get("object")).equals("xgroup|create")));
            admin.aclSetuser("default", AclSetuserArgs.Builder.allCommands());
            for (int i = 0; i < 100; i++) {
                history.publish(publisher, EventFixtures.textMessage("refused-" + (i % 10), "after " + i));
            }

            // then the reader kept trying: the group came back and the new events ran once
            await().atMost(WAIT).until(history::handledEveryAcknowledged);
            History.Verdict verdict = report("group destroyed, its creation refused for a while",
                    history.verdict(Set.of()));
            assertThat(verdict.acknowledged()).isEqualTo(200);
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.duplicates()).isZero();
        }
    }

    @Nested
    class StuckHandlers {

        @Test
        void aHandlerThatNeverReturnsIsDeadLetteredAndTheRestFlows() throws Exception {
            // given two replicas whose handler never returns from one event, even when interrupted
            RedisProcess faulted = redis(List.of());
            java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
            RedisEventBus first = null;
            for (String name : List.of("replica-1", "replica-2")) {
                RedisEventBus replica = bus(TestBusSettings.redis(faulted.url()).maxLength(0).consumerName(name)
                        .concurrency(1).handlerTimeout(Duration.ofMillis(300)).retry(2, Duration.ofMillis(10)));
                replica.subscribe(TYPE, "janus-faults", event -> {
                    history.attempted(event.eventId());
                    while (event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text().equals("stuck") && !release.get()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                    }
                    history.applied(event.eventId());
                });
                first = first == null ? replica : first;
            }
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            JanusEvent stuck = EventFixtures.textMessage("stuck-stream", "stuck");

            try {
                // when it comes among others
                history.publish(publisher, stuck);
                for (int i = 0; i < 100; i++) {
                    history.publish(publisher, EventFixtures.textMessage("flowing-" + (i % 7), "event " + i));
                }
                RedisEventBus dlq = first;
                await().atMost(WAIT).until(() -> dlq.deadLetterCount() == 1);
                await().atMost(WAIT).until(() -> history.verdict(Set.of(stuck.eventId())).lost().isEmpty());

                // then it is dead-lettered for its timeout, and everything else was handled once
                History.Verdict verdict = report("a handler that never returns", history.verdict(Set.of(stuck.eventId())));
                assertThat(dlq.deadLetters(1).get(0).error()).contains("handler_timeout");
                assertThat(verdict.handled()).isEqualTo(100);
                assertThat(verdict.duplicates()).isZero();
            }
            finally {
                release.set(true);
            }
        }

        @Test
        void aMessageThatKillsEveryConsumerIsDeadLetteredAfterMaxDeliveries() throws Exception {
            // given consumers in JVMs of their own that halt on a message, and max-deliveries 3
            RedisProcess faulted = redis(List.of());
            RedisProcess ledgerRedis = redis(List.of());
            RedisCommands<String, String> ledger = commands(ledgerRedis);
            RedisEventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            JanusEvent crash = EventFixtures.textMessage("deadly", "crash the consumer");
            history.publish(publisher, crash);
            for (int i = 0; i < 50; i++) {
                history.publish(publisher, EventFixtures.textMessage("fine-" + (i % 5), "event " + i));
            }

            // when consumers keep being started as the message keeps killing them, until one dead-letters it and
            // lives on (killing that one too, at a moment of the test's choosing, would raise the delivery count of
            // whatever it had just claimed: a kill is a delivery lost, whoever causes it)
            int started = 0;
            ConsumerProcess survivor = null;
            while (survivor == null && started < 10) {
                ConsumerProcess consumer = ConsumerProcess.start(faulted.url(), ledgerRedis.url(), "consumer-" + started,
                        3);
                started++;
                await().atMost(WAIT).until(() -> !consumer.isAlive() || publisher.deadLetterCount() > 0);
                if (consumer.isAlive()) {
                    survivor = consumer;
                }
                else {
                    consumer.close();
                }
            }
            assertThat(survivor).as("a consumer that dead-lettered the message and lived").isNotNull();
            try (ConsumerProcess last = survivor) {
                await().atMost(WAIT).until(() -> ledger.hlen(LedgerConsumer.EFFECTS) >= 50);
                history.recordFromLedger(ledger.hgetall(LedgerConsumer.ATTEMPTS), ledger.hgetall(LedgerConsumer.EFFECTS));
            }

            // then it is in the dead-letter queue with its reason and delivery count, and the rest flowed
            History.Verdict verdict = report("a message that kills its consumers (" + started + " consumers)",
                    history.verdict(Set.of(crash.eventId())));
            DeadLetter letter = publisher.deadLetters(1).get(0);
            assertThat(letter.eventId()).isEqualTo(crash.eventId());
            assertThat(letter.error()).startsWith("max_deliveries_exceeded");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(verdict.lost()).isEmpty();
            assertThat(verdict.handled()).isEqualTo(50);
        }
    }

    @Nested
    class Bursts {

        @Test
        void aBurstOf100kEventsIsHandledWithBoundedInFlightWorkAndInPublishOrderPerStream() throws Exception {
            // given a consumer that may hold at most 256 events at once
            RedisProcess faulted = redis(List.of());
            EventBus consumer = bus(TestBusSettings.redis(faulted.url()).maxLength(0).maxInFlight(256).concurrency(8)
                    .batchSize(200));
            AtomicInteger inHandler = new AtomicInteger();
            AtomicInteger mostInHandler = new AtomicInteger();
            Map<String, List<Integer>> firstDeliveries = new ConcurrentHashMap<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            consumer.subscribe(TYPE, "janus-faults", event -> {
                mostInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
                if (seen.add(event.eventId())) {
                    String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
                    firstDeliveries.computeIfAbsent(event.streamId(), unused -> new ArrayList<>())
                            .add(Integer.parseInt(text.substring(text.indexOf(' ') + 1)));
                }
                history.attempted(event.eventId());
                history.applied(event.eventId());
                inHandler.decrementAndGet();
            });
            RedisCommands<String, String> redisCli = commands(faulted);
            AtomicInteger mostPending = new AtomicInteger();

            // when 100,000 events are published as fast as Redis takes them, 1,000 in flight at a time
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                JanusEvent event = EventFixtures.textMessage("burst-" + (i % 50), "event " + i);
                window.add(publisher.publish(event).thenRun(() -> history.acknowledge(event.eventId())));
                if (window.size() == 1_000) {
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                    window.clear();
                    mostPending.accumulateAndGet((int) redisCli.xpending(STREAM_KEY, "janus-faults").getCount(),
                            Math::max);
                }
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
            await().atMost(WAIT).until(history::handledEveryAcknowledged);

            // then
            History.Verdict verdict = report("burst of 100k (most pending " + mostPending + ", most in handlers "
                    + mostInHandler + ")", history.verdict(Set.of()));
            assertThat(verdict.acknowledged()).isEqualTo(100_000);
            assertThat(verdict.lost()).isEmpty();
            // reads stop at 256 unfinished events, so what is read but unacknowledged stays far below the backlog
            // (without backpressure it would be the whole burst); acknowledgements still on their way, which a busy
            // machine delays, add to it
            assertThat(mostPending.get()).isLessThan(5_000);
            assertThat(mostInHandler.get()).isLessThanOrEqualTo(8);
            firstDeliveries.values().forEach(order -> assertThat(order).isSorted());
        }
    }

    @Nested
    class PoisonEvents {

        @Test
        void poisonAndGarbageAreDeadLetteredWithTheirReasonAndEverythingElseFlows() throws Exception {
            // given a handler that always fails on "poison"
            RedisProcess faulted = redis(List.of());
            RedisEventBus consumer = bus(TestBusSettings.redis(faulted.url()).maxLength(0)
                    .retry(3, Duration.ofMillis(5)));
            consumer.subscribe(TYPE, "janus-faults", event -> {
                history.attempted(event.eventId());
                if (event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text().startsWith("poison")) {
                    throw new IllegalArgumentException("cannot digest " + event.eventId());
                }
                history.applied(event.eventId());
            });
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(0));
            RedisCommands<String, String> redisCli = commands(faulted);
            Set<String> poisonIds = new HashSet<>();

            // when poison and garbage come between good events
            for (int i = 0; i < 100; i++) {
                history.publish(publisher, EventFixtures.textMessage("s", "good " + i));
                if (i % 20 == 0) {
                    JanusEvent poison = EventFixtures.textMessage("s", "poison " + i);
                    poisonIds.add(poison.eventId());
                    history.publish(publisher, poison);
                    redisCli.xadd(STREAM_KEY, "event", "{not json " + i, "event_type", TYPE);
                }
            }
            await().atMost(WAIT).until(() -> consumer.deadLetterCount() == 10);
            List<DeadLetter> letters = consumer.deadLetters(100);
            Set<String> deadLettered = letters.stream().map(DeadLetter::eventId).filter(id -> id != null)
                    .collect(Collectors.toSet());
            await().atMost(WAIT).until(() -> history.verdict(deadLettered).lost().isEmpty());

            // then
            History.Verdict verdict = report("poison events", history.verdict(deadLettered));
            assertThat(deadLettered).isEqualTo(poisonIds);
            assertThat(letters).filteredOn(letter -> letter.eventId() != null)
                    .allSatisfy(letter -> assertThat(letter.error()).contains("cannot digest " + letter.eventId()))
                    .allSatisfy(letter -> assertThat(letter.attempts()).isEqualTo(3));
            assertThat(letters).filteredOn(letter -> letter.eventId() == null).hasSize(5)
                    .allSatisfy(letter -> assertThat(letter.error()).contains("not valid JSON"));
            assertThat(verdict.handled()).isEqualTo(100);
            assertThat(verdict.maxEffectsPerEvent()).isEqualTo(1);
        }
    }

    @Nested
    class Trimming {

        @Test
        void aBacklogWithinTheMaximumLengthIsKeptWhole() throws Exception {
            assertThat(backlogOf(5_000, 0).lost()).isEmpty();
        }

        @Test
        void aBacklogBeyondTheMaximumLengthLosesItsOldestEventsOnly() throws Exception {
            // when
            History.Verdict verdict = backlogOf(5_000, 500);

            // then: trimming is the documented limit of at-least-once: the newest events survive, none else
            assertThat(verdict.lost()).hasSizeGreaterThan(4_000);
            assertThat(verdict.handled()).isBetween(500, 1_000);
        }

        /** Publishes {@code count} events while the group is not reading, then lets it catch up. */
        private History.Verdict backlogOf(int count, long maxLength) throws Exception {
            RedisProcess faulted = redis(List.of());
            EventBus consumer = bus(TestBusSettings.redis(faulted.url()).maxLength(maxLength));
            Subscription created = consumer.subscribe(TYPE, "janus-faults", history.handler());
            created.cancel();
            EventBus publisher = bus(TestBusSettings.redis(faulted.url()).maxLength(maxLength));
            List<JanusEvent> published = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JanusEvent event = EventFixtures.textMessage("backlog", "event " + i);
                published.add(event);
                history.publish(publisher, event);
            }
            long kept = commands(faulted).xlen(STREAM_KEY);
            consumer.subscribe(TYPE, "janus-faults", history.handler());
            await().atMost(WAIT).until(() -> history.verdict(Set.of()).handled() >= Math.min(kept, count));
            History.Verdict verdict = report("backlog of " + count + " with max-length " + maxLength,
                    history.verdict(Set.of()));
            // the events that were kept are exactly the newest ones
            List<String> handledInOrder = published.stream().map(JanusEvent::eventId)
                    .filter(id -> !verdict.lost().contains(id)).toList();
            assertThat(published.subList(count - handledInOrder.size(), count)).extracting(JanusEvent::eventId)
                    .containsExactlyElementsOf(handledInOrder);
            return verdict;
        }
    }

    private RedisProcess redis(List<String> arguments) {
        RedisProcess redis = RedisProcess.start(arguments);
        resources.add(redis);
        return redis;
    }

    private RedisEventBus bus(TestBusSettings settings) {
        RedisEventBus bus = TestBuses.redis(settings.build());
        resources.add(bus);
        return bus;
    }

    private RedisCommands<String, String> commands(RedisProcess redis) {
        RedisClient client = RedisClient.create(redis.url());
        StatefulRedisConnection<String, String> connection = client.connect();
        resources.add(client::shutdown);
        resources.add(connection);
        return connection.sync();
    }

    private static History.Verdict report(String fault, History.Verdict verdict) {
        System.out.println("[fault] " + fault + ": " + verdict);
        return verdict;
    }
}
