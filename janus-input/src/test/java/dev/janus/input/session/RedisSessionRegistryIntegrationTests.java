package dev.janus.input.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** Another node's registry on the same Redis (the registry keeps no state of its own: any instance would do). */
    private static SessionRegistry otherNode;

    @BeforeAll
    static void connect() {
        RedisEndpoint endpoint = RedisExtension.sharedEndpoint();
        endpoint.flush();
        redis = new SharedRedis(new BusProperties.Redis(endpoint.url(), null, null, null, null, null, null, null, null,
                null).connection());
        registry = new RedisSessionRegistry(redis, Duration.ofMinutes(30));
        otherNode = new RedisSessionRegistry(redis, Duration.ofMinutes(30));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void anUpdateDoesNotStoreAgainASessionAnotherNodeEndedMeanwhile() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0, "ada");
        registry.create(session);

        // when: another node ends the session between this update's read and its write
        Optional<ActiveSession> updated = registry.update(session.sessionId(), read -> {
            otherNode.remove(read.sessionId());
            return read.recordActivity("event-1", T0.plusSeconds(5));
        });

        // then
        assertThat(updated).isEmpty();
        assertThat(registry.find(session.sessionId())).isEmpty();
        assertThat(registry.idleSince(T0.plusSeconds(3_600))).doesNotContain(session.sessionId());
    }

    @Test
    void anUpdateKeepsTheUpdateAnotherNodeMadeMeanwhile() {
        // given
        ActiveSession session = ActiveSession.open(id(), SessionType.CHAT, List.of(), T0, "ada");
        registry.create(session);
        AtomicInteger applied = new AtomicInteger();

        // when: another node records a message between this update's first read and its write
        ActiveSession updated = registry.update(session.sessionId(), read -> {
            if (applied.getAndIncrement() == 0) {
                otherNode.update(read.sessionId(), other -> other.recordActivity("event-0", T0.plusSeconds(4)));
            }
            return read.recordActivity("event-1", T0.plusSeconds(5));
        }).orElseThrow();

        // then: the change was applied again to the session as the other node left it
        assertThat(applied).hasValue(2);
        assertThat(updated.eventBuffer()).containsExactly("event-0", "event-1");
        assertThat(registry.find(session.sessionId())).contains(updated);
    }

    @Test
    void anUpdateDoesNotOverwriteASessionOpenedAgainMeanwhile() {
        // given
        String streamId = id();
        registry.create(ActiveSession.open(streamId, SessionType.CHAT, List.of("ada"), T0, "ada"));
        ActiveSession reopened = ActiveSession.open(streamId, SessionType.CHAT, List.of("grace"), T0.plusSeconds(3),
                "grace");
        AtomicInteger applied = new AtomicInteger();

        // when: another node ends the session and a new one is opened for the stream before this update writes
        ActiveSession updated = registry.update(streamId, read -> {
            if (applied.getAndIncrement() == 0) {
                otherNode.remove(streamId);
                otherNode.create(reopened);
            }
            return read.recordActivity("event-1", T0.plusSeconds(5));
        }).orElseThrow();

        // then: the new session stays itself, with the activity recorded
        assertThat(updated.owner()).isEqualTo("grace");
        assertThat(updated.participants()).containsExactly("grace");
        assertThat(updated.createdAt()).isEqualTo(reopened.createdAt());
        assertThat(registry.find(streamId)).contains(updated);
    }

    @Override
    protected SessionRegistry registry() {
        return registry;
    }
}
