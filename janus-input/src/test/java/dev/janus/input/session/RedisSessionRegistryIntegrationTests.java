package dev.janus.input.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.janus.bus.config.BusProperties;
import dev.janus.events.SessionType;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void anUpdateDoesNotStoreAgainASessionAnotherNodeEndedMeanwhile() {
        // given: another node's registry on the same Redis
        SessionRegistry otherNode = new RedisSessionRegistry(redis, Duration.ofMinutes(30));
        ActiveSession session = ActiveSession.open(UUID.randomUUID().toString(), SessionType.CHAT, List.of(),
                Instant.parse("2026-11-27T12:00:00Z"), "ada");
        registry.create(session);

        // when: the other node ends the session between this update's read and its write
        Optional<ActiveSession> updated = registry.update(session.sessionId(), read -> {
            otherNode.remove(read.sessionId());
            return read.recordActivity("event-1", read.lastActivity().plusSeconds(5));
        });

        // then
        assertThat(updated).isEmpty();
        assertThat(registry.find(session.sessionId())).isEmpty();
        assertThat(registry.idleSince(Instant.parse("2026-11-28T12:00:00Z"))).doesNotContain(session.sessionId());
    }

    @Override
    protected SessionRegistry registry() {
        return registry;
    }
}
