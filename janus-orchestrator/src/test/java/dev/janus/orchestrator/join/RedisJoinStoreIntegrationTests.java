package dev.janus.orchestrator.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.janus.bus.config.BusProperties;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisJoinStoreIntegrationTests extends JoinStoreContractTests {

    private static BusProperties.Redis settings;

    private final List<SharedRedis> connections = new ArrayList<>();
    private SharedRedis redis;

    @BeforeAll
    static void locateRedis(RedisEndpoint endpoint) {
        settings = TestBusSettings.redis(endpoint.url()).build().redis();
    }

    @BeforeEach
    void forgetOtherTestsDeadlines() {
        redis = new SharedRedis(settings.connection());
        connections.add(redis);
        redis.sync().del(RedisJoinStore.DEADLINES.keys().toArray(String[]::new));
    }

    @AfterEach
    void disconnect() {
        connections.forEach(SharedRedis::close);
    }

    @Override
    JoinStore replica() {
        // Each replica has its own connection, as separate orchestrator instances do.
        SharedRedis connection = new SharedRedis(settings.connection());
        connections.add(connection);
        return new RedisJoinStore(connection, new EventCodec(), RETENTION);
    }

    @Test
    void keepsAnOpenJoinInAHashThatExpiresAfterItsDeadlinePlusTheRetention() {
        // given
        JanusEvent message = message();

        // when
        store.open(Join.open(message, true, List.of("calculator-1"), inAMinute())).opened();

        // then
        String key = RedisJoinStore.key(message.correlationId());
        assertThat(redis.sync().hget(key, "expect:calculator-1")).isEqualTo("0");
        assertThat(redis.sync().pttl(key)).isGreaterThan(RETENTION.toMillis())
                .isLessThanOrEqualTo(RETENTION.plus(java.time.Duration.ofMinutes(1)).toMillis());
        assertThat(redis.sync().zscore(RedisJoinStore.DEADLINES.keyOf(message.correlationId()),
                message.correlationId())).isNotNull();
    }

    @Test
    void completingAJoinRemovesItsDeadline() {
        // given
        JanusEvent message = message();
        store.open(Join.open(message, false, List.of(), inAMinute())).opened();

        // when
        store.arrive(message.correlationId(), intent(message));

        // then
        assertThat(redis.sync().zscore(RedisJoinStore.DEADLINES.keyOf(message.correlationId()),
                message.correlationId())).isNull();
        assertThat(redis.sync().hget(RedisJoinStore.key(message.correlationId()), "completed")).isNotNull();
    }

    @Test
    void findsTheJoinAgainAfterRedisForgotItsScripts() {
        // given
        JanusEvent message = message();
        redis.sync().scriptFlush();

        // when
        boolean opened = store.open(Join.open(message, false, List.of(), inAMinute())).opened();

        // then
        assertThat(opened).isTrue();
        assertThat(store.find(message.correlationId())).isPresent();
    }

    @Test
    void aJoinOpenedByAnEarlierVersionWithoutExpectsIntentWaitsForTheIntent() {
        // given
        JanusEvent message = message();
        store.open(Join.open(message, true, false, List.of(), inAMinute())).opened();
        redis.sync().hdel(RedisJoinStore.key(message.correlationId()), "expects_intent");

        // when
        Optional<Join> afterContext = store.arrive(message.correlationId(), context(message));
        Optional<Join> afterIntent = store.arrive(message.correlationId(), intent(message));

        // then
        assertThat(afterContext).isEmpty();
        assertThat(afterIntent).hasValueSatisfying(join -> assertThat(join.expectsIntent()).isTrue());
    }
}
