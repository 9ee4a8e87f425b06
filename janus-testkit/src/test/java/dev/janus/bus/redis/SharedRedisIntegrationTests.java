package dev.janus.bus.redis;

import dev.janus.redis.RedisSettings;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients of one JVM share their I/O threads: closing one leaves the others working. */
@ExtendWith(RedisExtension.class)
class SharedRedisIntegrationTests {

    @Test
    void aClientKeepsWorkingAfterAnotherOneOfTheSameJvmClosed(RedisEndpoint endpoint) {
        RedisSettings settings = TestBusSettings.redis(endpoint.url()).build().redis().connection();
        try (SharedRedis kept = new SharedRedis(settings)) {
            // given
            SharedRedis closed = new SharedRedis(settings);
            closed.sync().set("janus:test:shared-io", "before");

            // when
            closed.close();

            // then
            kept.sync().set("janus:test:shared-io", "after");
            assertThat(kept.sync().get("janus:test:shared-io")).isEqualTo("after");
            kept.sync().del("janus:test:shared-io");
        }
    }
}
