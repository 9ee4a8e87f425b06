package dev.janus.app.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.janus.app.JanusCommandLine;
import dev.janus.bus.config.BusProperties;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.RedisHistoryStore;
import dev.janus.orchestrator.join.Join;
import dev.janus.orchestrator.join.RedisJoinStore;
import dev.janus.proactive.state.RedisProactiveState;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.RedisCluster;
import dev.janus.testkit.RedisProcess;
import dev.janus.tools.timers.Reminder;
import dev.janus.tools.timers.RedisReminderStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code migrate-keys} from a single Redis holding state in the single-Redis key layout (written here key by key,
 * as those versions wrote it) to a Redis Cluster, read back through the components' current stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateKeysIntegrationTests {

    private static final EventCodec CODEC = new EventCodec();

    private RedisProcess old;
    private RedisCluster cluster;

    @BeforeAll
    void start() {
        old = RedisProcess.start();
        cluster = RedisCluster.start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (old != null) {
            old.close();
        }
    }

    @Test
    void copiesTheStateOfASingleRedisToAClusterInTheNewLayout() throws Exception {
        // given: state in the single-Redis layout
        JanusEvent message = EventFixtures.textMessage("migrated-chat", "what is 2 + 2?");
        Instant overdue = Instant.now().minusSeconds(5);
        HistoryEntry turn = new HistoryEntry("h-1", "migrated-chat", "ada", HistoryEntry.USER, "what is 2 + 2?",
                message.eventId(), Instant.parse("2026-12-01T10:00:00Z"));
        RedisClient client = RedisClient.create(old.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.hset("janus:join:" + message.correlationId(), Map.of("message", CODEC.encodeToString(message),
                    "expects_memory", "0", "deadline", Long.toString(overdue.toEpochMilli())));
            redis.pexpire("janus:join:" + message.correlationId(), 600_000);
            redis.zadd("janus:join:deadlines", overdue.toEpochMilli(), message.correlationId());
            redis.hset("janus:tools:reminder:r-1", Map.of("text", "stretch", "due_at", overdue.toString(),
                    "request_id", "q-1", "stream_id", "migrated-chat", "correlation_id", "c-1", "trace_id", "t-1",
                    "user_id", "ada"));
            redis.zadd("janus:tools:reminders:due", overdue.toEpochMilli(), "r-1");
            redis.zadd("janus:proactive:due", overdue.toEpochMilli(), "follow-up-1");
            redis.hset("janus:proactive:due:payloads", "follow-up-1", "{\"suggestion\":\"a follow-up\"}");
            String json = JsonMapper.builder().build().writeValueAsString(turn);
            redis.zadd("janus:memory:history:migrated-chat", 1.0, json);
            redis.sadd("janus:memory:history-sources:migrated-chat", message.eventId());
            redis.sadd("janus:memory:history-streams", "migrated-chat");
            redis.hset("janus:memory:facts:ada", "f-1", "{\"unchanged\":true}");
            redis.xadd("janus:input.message.received", Map.of("event", CODEC.encodeToString(message)));
            redis.xgroupCreate(StreamOffset.from("janus:input.message.received", "0-0"), "janus-memory");
        }
        finally {
            client.shutdown();
        }

        // when
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JanusCommandLine.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
                new PrintWriter(err), "migrate-keys", "--from", old.url(), "--to", cluster.seedUrls());

        // then
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("to a new name").contains("schedule(s)");
        try (SharedRedis migrated = new SharedRedis(new BusProperties.Redis(cluster.seedUrls(), null, null, null,
                null, null, null, null, null, null, true).connection())) {
            RedisJoinStore joins = new RedisJoinStore(migrated, CODEC, Duration.ofMinutes(10));
            assertThat(joins.find(message.correlationId())).map(Join::message).contains(message);
            assertThat(joins.claimExpired(Instant.now(), 10)).extracting(Join::message).containsExactly(message);
            assertThat(new RedisReminderStore(migrated).claimDue(Instant.now(), Duration.ofSeconds(30), 10))
                    .extracting(Reminder::text).containsExactly("stretch");
            assertThat(new RedisProactiveState(migrated).takeDue(Instant.now(), 10).values())
                    .containsExactly("{\"suggestion\":\"a follow-up\"}");
            RedisHistoryStore history = new RedisHistoryStore(migrated);
            assertThat(history.recent("migrated-chat", 10)).containsExactly(turn);
            assertThat(history.streams()).containsExactly("migrated-chat");
            assertThat(history.append(turn)).as("the idempotency guard came along").isFalse();
            assertThat(migrated.sync().hget("janus:memory:facts:ada", "f-1")).isEqualTo("{\"unchanged\":true}");
            assertThat(migrated.sync().xinfoGroups("janus:input.message.received")).hasSize(1);
            assertThat(migrated.sync().pttl(RedisJoinStore.key(message.correlationId()))).isPositive();
        }
    }

    @Test
    void renamesOnlyTheKeysWhoseLayoutChanged() {
        assertThat(KeyLayoutMigration.renamed("janus:join:c-1")).startsWith("janus:join:{b").endsWith("}:c-1");
        assertThat(KeyLayoutMigration.renamed("janus:memory:history:chat")).isEqualTo("janus:memory:history:{chat}");
        assertThat(List.of("janus:join:{b3}:c-1", "janus:join:deadlines:{b3}", "janus:memory:history:{chat}",
                "janus:memory:facts:ada", "janus:input.message.received", "janus:tools.reminder.due"))
                .allSatisfy(key -> assertThat(KeyLayoutMigration.renamed(key)).isNull());
    }
}
