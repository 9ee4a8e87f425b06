package dev.janus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.SpeechActivity;
import dev.janus.events.StreamEnded;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Redis engine on a real Redis Cluster of three masters (and a replica each) that the test
 * creates: streams spread over the shards, wildcard reads split per slot (no CROSSSLOT), and the
 * bus goes on after a master dies and its replica takes over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterBusIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisCluster cluster;
    private final List<RedisEventBus> buses = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    void stopCluster() {
        buses.forEach(RedisEventBus::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private RedisEventBus bus() {
        RedisEventBus bus = TestBuses.redis(TestBusSettings.redis(cluster.seedUrls()).cluster().build(),
                new SimpleMeterRegistry(), OpenTelemetry.noop());
        buses.add(bus);
        return bus;
    }

    @Test
    void spreadsTheStreamsOfTheEventTypesOverEveryMaster() {
        // when
        Set<Integer> masters = java.util.Arrays.stream(EventType.values())
                .map(type -> cluster.masterOf("janus:" + type.wireName()).port()).collect(Collectors.toSet());

        // then
        assertThat(cluster.masters()).isEqualTo(3);
        assertThat(masters).hasSize(3);
    }

    @Test
    void aWildcardGroupReceivesEventsOfTypesOnEveryShard() {
        // given: one event of each input type; their streams live on different slots and masters
        RedisEventBus bus = bus();
        Set<String> received = ConcurrentHashMap.newKeySet();
        bus.subscribe("*", "wildcard-" + System.nanoTime(), event -> received.add(event.eventId()));
        List<JanusEvent> sent = List.of(EventFixtures.textMessage("s-1", "hello"),
                JanusEvent.create(EventKeys.INPUT_STREAM_ENDED, "s-2", new StreamEnded("closed"),
                        EventContext.from(EventFixtures.TEST_SOURCE)),
                JanusEvent.create(EventKeys.INPUT_SPEECH_STARTED, "s-3", new SpeechActivity("utterance-1", 0),
                        EventContext.from(EventFixtures.TEST_SOURCE)));
        assertThat(sent.stream().map(event -> cluster.masterOf("janus:" + event.eventType().wireName()).port())
                .collect(Collectors.toSet())).hasSize(3);

        // when
        sent.forEach(event -> bus.publish(event).join());

        // then
        // (a new group reads what the streams held before too: other tests' events may come along)
        await().atMost(WAIT).untilAsserted(() -> assertThat(received)
                .containsAll(sent.stream().map(JanusEvent::eventId).toList()));
    }

    @Test
    void replicasOfAGroupShareTheEventsOfAStream() {
        // given: two instances (two buses) of one group
        String group = "shared-" + System.nanoTime();
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        RedisEventBus publisher = bus();
        bus().subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), group, event -> first.add(event.eventId()));
        bus().subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), group, event -> second.add(event.eventId()));

        // when
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JanusEvent event = EventFixtures.textMessage("stream-" + (i % 20), "message " + i);
            ids.add(event.eventId());
            publisher.publish(event).join();
        }

        // then: each event handled once in the group (a new group also reads what the stream held before)
        await().atMost(WAIT).untilAsserted(() -> assertThat(union(first, second)).containsAll(ids));
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
    }

    @Test
    void aConsumerTakesOverWhatADeadConsumerOfItsGroupLeftPending() {
        // given: events a consumer of the group read on the stream's master and never acknowledged (it died)
        String type = EventType.INPUT_MESSAGE_RECEIVED.wireName();
        String stream = "janus:" + type;
        String group = "takeover-" + System.nanoTime();
        RedisEventBus publisher = bus();
        List<String> ids = new ArrayList<>();
        RedisClient client = RedisClient.create(cluster.masterOf(stream).url());
        try (StatefulRedisConnection<String, String> dead = client.connect()) {
            dead.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "$"), group, XGroupCreateArgs.Builder.mkstream(true));
            for (int i = 0; i < 10; i++) {
                publisher.publish(EventFixtures.textMessage("takeover-" + i, "read by the dead consumer " + i)).join();
            }
            dead.sync().xreadgroup(Consumer.from(group, "dead"), XReadArgs.StreamOffset.lastConsumed(stream))
                    .forEach(entry -> ids.add(entry.getId()));
            assertThat(ids).hasSize(10);

            // when: a live consumer of the group finds them idle
            Set<String> handled = ConcurrentHashMap.newKeySet();
            RedisEventBus taker = TestBuses.redis(TestBusSettings.redis(cluster.seedUrls()).cluster()
                    .claimIdle(Duration.ofMillis(300), Duration.ofMillis(50)).build(), new SimpleMeterRegistry(),
                    OpenTelemetry.noop());
            buses.add(taker);
            taker.subscribe(type, group, event -> handled.add(event.eventId()));

            // then: it takes them over, handles each, and nothing stays pending
            await().atMost(WAIT).untilAsserted(() -> assertThat(handled).hasSize(10));
            await().atMost(WAIT).until(() -> dead.sync().xpending(stream, group).getCount() == 0);
        }
        finally {
            client.shutdown();
        }
    }

    @Test
    void reportsTheMemoryOfEveryMasterSummed() {
        // given every master capped at 50 MiB
        Set<RedisProcess> masters = java.util.Arrays.stream(EventType.values())
                .map(type -> cluster.masterOf("janus:" + type.wireName())).collect(Collectors.toSet());
        for (RedisProcess master : masters) {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(master.url());
            try (var connection = client.connect()) {
                connection.sync().configSet("maxmemory", String.valueOf(50L * 1024 * 1024));
            }
            finally {
                client.shutdown();
            }
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // when a bus samples INFO memory
        buses.add(TestBuses.redis(TestBusSettings.redis(cluster.seedUrls()).cluster().build(), registry,
                OpenTelemetry.noop()));

        // then the cap is the three masters' together (replicas are left out), the use is reported
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.get("janus.redis.memory.max").gauge().value()).isEqualTo(3 * 50.0 * 1024 * 1024);
            assertThat(registry.get("janus.redis.memory.used").gauge().value()).isPositive();
        });
    }

    @Test
    @Order(Integer.MAX_VALUE) // the cluster has one master fewer afterwards
    void goesOnAfterAMasterDiesAndItsReplicaTakesOver() {
        // given: a group reading a stream, and events it has handled
        String type = EventType.INPUT_MESSAGE_RECEIVED.wireName();
        RedisEventBus bus = bus();
        Set<String> received = ConcurrentHashMap.newKeySet();
        bus.subscribe(type, "failover-" + System.nanoTime(), event -> received.add(event.eventId()));
        JanusEvent before = EventFixtures.textMessage("before", "before the failover");
        bus.publish(before).join();
        await().atMost(WAIT).until(() -> received.contains(before.eventId()));
        int oldMaster = cluster.masterOf("janus:" + type).port();

        // when: the master of the stream's slot is killed and its replica promoted
        cluster.killMasterOf("janus:" + type);

        // then: publishing works again once the client saw the new topology, and the group gets the events
        assertThat(cluster.masterOf("janus:" + type).port()).isNotEqualTo(oldMaster);
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JanusEvent event = EventFixtures.textMessage("after", "after the failover " + i);
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                bus.publish(event).join();
                return true;
            });
            after.add(event.eventId());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsAll(after));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
