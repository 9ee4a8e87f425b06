package dev.janus.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.UserErased;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.join.InMemoryJoinStore;
import dev.janus.orchestrator.join.Join;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.TestBuses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserErasureHandlerTests {

    private final InMemoryEventBus bus = TestBuses.inMemory(BusProperties.defaults());
    private final InMemoryJoinStore joins = new InMemoryJoinStore(Clock.systemUTC(), Duration.ofHours(1));
    private final ForgetfulClassifier classifier = new ForgetfulClassifier();
    private final ForgetfulClassifier otherInstancesClassifier = new ForgetfulClassifier();

    @Test
    void dropsTheUsersJoinsAndForgetsEveryInstancesRecentTexts() {
        // given: a request of user-1 (as the fixture's messages are) waiting for its branches, and two instances
        JanusEvent message = EventFixtures.textMessage("stream-1", "my name is Ada");
        joins.open(Join.open(message, true, List.of(), Instant.now().plusSeconds(60))).opened();
        UserErasureHandler handler = new UserErasureHandler(bus, joins, classifier, "janus-orchestrator");
        UserErasureHandler otherInstance = new UserErasureHandler(bus, joins, otherInstancesClassifier,
                "janus-orchestrator");
        handler.start();
        otherInstance.start();

        // when
        bus.publish(JanusEvent.create(EventKeys.MEMORY_USER_ERASED, "stream-1",
                new UserErased("user-1", Instant.now(), List.of("stream-1")), EventContext.from("janus-memory")))
                .join();

        // then: the joins by one of them, the recent texts on both
        assertThat(classifier.forgotten).succeedsWithin(Duration.ofSeconds(10));
        assertThat(otherInstancesClassifier.forgotten).succeedsWithin(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> joins.find(message.correlationId()).isEmpty());
        handler.stop();
        otherInstance.stop();
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    /** Classifies everything as a question; tells when it was told to forget its recent texts. */
    private static final class ForgetfulClassifier implements IntentClassifier {

        final CompletableFuture<Void> forgotten = new CompletableFuture<>();

        @Override
        public ClassifiedIntent classify(String text) {
            return new ClassifiedIntent("question", 1.0, List.of());
        }

        @Override
        public void forgetRecentTexts() {
            forgotten.complete(null);
        }
    }
}
