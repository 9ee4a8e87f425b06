package dev.janus.bus.redis;

import java.time.Instant;
import java.util.List;

import dev.janus.bus.DeadLetter;
import dev.janus.redis.BusConnection;
import dev.janus.testkit.RedisProcess;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterStreamIntegrationTests {

    private static final String STREAM = "janus:input.message.received";
    private static final String GROUP = "janus-memory";

    private RedisProcess redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redisCli;

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start();
        client = RedisClient.create(redis.url());
        connection = client.connect();
        redisCli = connection.sync();
    }

    @AfterEach
    void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aLetterIsAddedOnceAndItsEntryAcknowledgedInTheSameStep() {
        // given an entry pending for its group
        String id = redisCli.xadd(STREAM, "event", "{}", "event_type", "input.message.received");
        redisCli.xgroupCreate(StreamOffset.from(STREAM, "0-0"), GROUP);
        redisCli.xreadgroup(Consumer.from(GROUP, "dead-1"), StreamOffset.lastConsumed(STREAM));
        DeadLetterStream letters = new DeadLetterStream(BusConnection.of(connection), false, 0);
        DeadLetter letter = new DeadLetter("", "{}", "input.message.received", "e-1",
                "max_deliveries_exceeded: delivered 3 times", 3, STREAM, GROUP, id, Instant.now(), List.of());

        // when it is dead-lettered, and again by a second consumer that found it before the first one finished
        letters.write(letter).join();
        letters.write(letter).join();

        // then there is one letter, and the entry is no longer pending
        assertThat(letters.size()).isEqualTo(1);
        assertThat(letters.newest(1).get(0).attempts()).isEqualTo(3);
        assertThat(redisCli.xpending(STREAM, GROUP).getCount()).isZero();
    }
}
