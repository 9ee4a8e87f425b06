package dev.janus.input.session;

import java.time.Duration;

import dev.janus.bus.config.BusProperties;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisSessionRegistryIntegrationTests extends SessionRegistryContractTests {

    private static SharedRedis redis;
    private static SessionRegistry registry;

    @BeforeAll
    static void connect() {
        RedisEndpoint endpoint = RedisExtension.sharedEndpoint();
        endpoint.flush();
        redis = new SharedRedis(new BusProperties.Redis(endpoint.url(), null, null, null, null, null, null, null, null,
                null).connection());
        registry = new RedisSessionRegistry(redis, Duration.ofMinutes(30));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Override
    protected SessionRegistry registry() {
        return registry;
    }
}
