package dev.janus.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.PublishException;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.RedisProcess;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code janus.bus.redis.wait-replicas=1} on a Redis with one replica, both started by the test: a publish and a
 * state write return only once the replica has them (read from the replica right after, without waiting), and fail
 * when no replica acknowledges them.
 */
class ReplicaWaitIntegrationTests {

    private RedisProcess master;
    private RedisProcess replica;
    private RedisClient replicaClient;
    private StatefulRedisConnection<String, String> replicaConnection;
    private SharedRedis shared;
    private RedisEventBus bus;

    @BeforeEach
    void startAMasterWithAReplica() {
        // the master sends its replica the first copy at once (the default waits 5 s for more replicas)
        master = RedisProcess.start(List.of("--appendonly", "no", "--repl-diskless-sync-delay", "0"));
        replica = RedisProcess.start(List.of("--appendonly", "no", "--replicaof", "127.0.0.1",
                Integer.toString(master.port())));
        replicaClient = RedisClient.create(replica.url());
        replicaConnection = replicaClient.connect();
        Awaitility.await("the replica to be in sync").atMost(Duration.ofSeconds(20))
                .until(() -> replicaConnection.sync().info("replication").contains("master_link_status:up"));
        BusProperties properties = TestBusSettings.redis(master.url()).waitReplicas(1).build();
        shared = new SharedRedis(properties.redis().connection());
        bus = TestBuses.redis(properties);
    }

    @AfterEach
    void stop() {
        bus.close();
        shared.close();
        replicaConnection.close();
        replicaClient.shutdown();
        replica.close();
        master.close();
    }

    @Test
    void aStateWriteReturnsOnceTheReplicaHasIt() {
        // when
        for (int i = 0; i < 100; i++) {
            shared.sync().hset("janus:test:replicated", "field-" + i, "value-" + i);
        }

        // then: on the replica at once
        assertThat(replicaConnection.sync().hlen("janus:test:replicated")).isEqualTo(100);
    }

    @Test
    void writesSentTogetherReturnOnceTheReplicaHasThemWithOneWaitForTheirMaster() {
        // given
        long waitsBefore = waitsOnTheMaster();

        // when
        for (int i = 0; i < 100; i++) {
            shared.awaitAll(List.of(shared.async().hset("janus:test:together", "field-" + i, "value-" + i),
                    shared.async().sadd("janus:test:together-set", "member-" + i)),
                    "janus:test:together", "janus:test:together-set");
        }

        // then: on the replica at once
        assertThat(replicaConnection.sync().hlen("janus:test:together")).isEqualTo(100);
        assertThat(replicaConnection.sync().scard("janus:test:together-set")).isEqualTo(100);
        assertThat(waitsOnTheMaster() - waitsBefore).isEqualTo(100);
    }

    /** How many WAIT commands the master has run. */
    private long waitsOnTheMaster() {
        String stats = shared.sync().info("commandstats");
        Matcher calls = Pattern.compile("cmdstat_wait:calls=(\\d+)").matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void aPublishCompletesOnceTheReplicaHasTheEvent() {
        // given
        JanusEvent event = EventFixtures.textMessage("replicated", "kept on the replica");

        // when
        bus.publish(event).join();

        // then
        RedisCommands<String, String> onReplica = replicaConnection.sync();
        assertThat(onReplica.xrange("janus:" + event.eventType().wireName(), Range.create("-", "+")))
                .anySatisfy(entry -> assertThat(entry.getBody().get("event")).contains(event.eventId()));
    }

    @Test
    void writesFailWhenNoReplicaAcknowledgesThem() {
        // given
        replica.kill();
        Awaitility.await("the master to see its replica gone").atMost(Duration.ofSeconds(20))
                .until(() -> shared.sync().info("replication").contains("connected_slaves:0"));

        // when / then
        assertThatThrownBy(() -> shared.sync().set("janus:test:unconfirmed", "value"))
                .hasMessageContaining("reached 0 of the 1 replica(s) janus.bus.redis.wait-replicas asks for");
        assertThatThrownBy(() -> shared.awaitAll(List.of(shared.async().set("janus:test:unconfirmed", "value")),
                "janus:test:unconfirmed"))
                .hasMessageContaining("reached 0 of the 1 replica(s) janus.bus.redis.wait-replicas asks for");
        assertThatThrownBy(() -> bus.publish(EventFixtures.textMessage("unconfirmed", "not confirmed")).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PublishException.class)
                .hasMessageContaining("wait-replicas");
    }
}
