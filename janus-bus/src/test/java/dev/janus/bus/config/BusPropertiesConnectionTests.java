package dev.janus.bus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.janus.redis.RedisSettings;
import org.junit.jupiter.api.Test;

/** The bus's Redis settings are also what the components' shared state connects with (janus-redis). */
class BusPropertiesConnectionTests {

    @Test
    void theConnectionCarriesTheUrlClusterTimeoutAndReplicasOfJanusBusRedis() {
        // given
        BusProperties.Redis redis = new BusProperties.Redis("redis://a:7000,redis://b:7001", null, null, null, null,
                null, null, null, null, Duration.ofSeconds(2), true, null, null, 1);

        // when
        RedisSettings connection = redis.connection();

        // then
        assertThat(connection).isEqualTo(new RedisSettings("redis://a:7000,redis://b:7001", true,
                Duration.ofSeconds(2), 1));
    }

    @Test
    void theDefaultsReachOneLocalRedisWithoutWaitingForReplicas() {
        // when
        RedisSettings connection = BusProperties.defaults().redis().connection();

        // then
        assertThat(connection).isEqualTo(new RedisSettings("redis://127.0.0.1:6379", false, Duration.ofSeconds(5), 0));
    }
}
