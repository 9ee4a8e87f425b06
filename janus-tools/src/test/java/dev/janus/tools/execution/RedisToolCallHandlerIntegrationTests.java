package dev.janus.tools.execution;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventBus;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.redis.SharedRedis;
import dev.janus.events.EventCodec;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import dev.janus.tools.timers.RedisReminderStore;
import dev.janus.tools.timers.ReminderStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tools component on the Redis bus, with call outcomes and reminders in Redis. */
@ExtendWith(RedisExtension.class)
class RedisToolCallHandlerIntegrationTests extends AbstractToolCallHandlerTests {

    private static BusProperties settings;
    private static RedisEndpoint redisEndpoint;

    private RedisEventBus bus;
    private SharedRedis redis;

    @BeforeAll
    static void locateRedis(RedisEndpoint endpoint) {
        redisEndpoint = endpoint;
        settings = TestBusSettings.redis(endpoint.url()).build();
    }

    @BeforeEach
    @Override
    void startTools() {
        redisEndpoint.flush();
        bus = TestBuses.redis(settings);
        redis = new SharedRedis(settings.redis().connection());
        super.startTools();
    }

    @AfterEach
    @Override
    void stopTools() {
        super.stopTools();
        bus.close();
        redis.close();
    }

    @Override
    EventBus bus() {
        return bus;
    }

    @Override
    CallOutcomes outcomes() {
        return new RedisCallOutcomes(redis, new EventCodec());
    }

    @Override
    ReminderStore reminderStore() {
        return new RedisReminderStore(redis);
    }
}
