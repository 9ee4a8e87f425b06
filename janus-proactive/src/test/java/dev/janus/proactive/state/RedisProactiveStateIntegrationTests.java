package dev.janus.proactive.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.bus.config.BusProperties;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisProactiveStateIntegrationTests extends ProactiveStateContractTests {

    private static BusProperties.Redis settings;

    private final List<SharedRedis> connections = new ArrayList<>();

    @BeforeAll
    static void locateRedis(RedisEndpoint endpoint) {
        settings = TestBusSettings.redis(endpoint.url()).build().redis();
    }

    @AfterEach
    void disconnect() {
        connections.forEach(SharedRedis::close);
    }

    @Test
    void aRecordIsStoredWithItsExpiry() {
        // when
        state.put(key, Map.of("kind", "reminder"), MINUTE);

        // then
        SharedRedis redis = new SharedRedis(settings.connection());
        connections.add(redis);
        assertThat(redis.sync().pttl("janus:proactive:record:" + key)).isBetween(1L, MINUTE.toMillis());
    }

    @Override
    ProactiveState replica() {
        // each replica has its own connection, as separate proactive instances do
        SharedRedis connection = new SharedRedis(settings.connection());
        connections.add(connection);
        return new RedisProactiveState(connection);
    }
}
