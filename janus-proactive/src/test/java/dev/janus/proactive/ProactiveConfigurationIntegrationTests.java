package dev.janus.proactive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.events.EventContent;
import dev.janus.events.EventContext;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.TextContent;
import dev.janus.proactive.state.InMemoryProactiveState;
import dev.janus.proactive.state.ProactiveState;
import dev.janus.proactive.state.RedisProactiveState;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisExtension.class)
class ProactiveConfigurationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(ProactiveConfiguration.class);

    @Test
    void turnsAPatternOnTheBusIntoASuggestionOnTheInMemoryBus() {
        runner.run(context -> {
            // given
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ProactiveState.class)).isInstanceOf(InMemoryProactiveState.class);
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                JanusEvent learned = event(EventKeys.MEMORY_PATTERN_DETECTED, "s-1",
                        new PatternDetected("routine_time", "ana writes around 09:00", 4, List.of("evt-1")));

                // when
                JanusEvent suggestion = harness.sendAndWait(learned, EventType.PROACTIVE_SUGGESTION_READY, WAIT);

                // then
                assertThat(suggestion.content(EventKeys.PROACTIVE_SUGGESTION_READY).evidence())
                        .containsExactly("evt-1", learned.eventId());
            }
        });
    }

    @Test
    void leavesOutTheDetectorsSwitchedOff() {
        runner.withPropertyValues("janus.proactive.memory-pattern.enabled=false",
                "janus.proactive.unanswered-question.enabled=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PeriodicTask.class);
                    try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                        // when: a pattern, then a repeated question that proves the events were handled
                        harness.publish(event(EventKeys.MEMORY_PATTERN_DETECTED, "s-1",
                                new PatternDetected("routine_time", "ignored", 4, List.of())));
                        for (int i = 0; i < 3; i++) {
                            harness.publish(event(EventKeys.INPUT_MESSAGE_RECEIVED, "s-1",
                                    new TextContent("Where are my keys?")));
                        }
                        harness.awaitEvent(EventType.PROACTIVE_SUGGESTION_READY, any -> true, WAIT);

                        // then
                        assertThat(harness.publishedEvents()).filteredOn(
                                e -> e.eventType() == EventType.PROACTIVE_SUGGESTION_READY)
                                .extracting(e -> e.content(EventKeys.PROACTIVE_SUGGESTION_READY).kind())
                                .containsExactly("repeated_question");
                    }
                });
    }

    @Test
    void replicasOnRedisAgreeOnWhatTheySawAndReportEachFindingOnce(RedisEndpoint redis) {
        ApplicationContextRunner onRedis = runner.withPropertyValues("janus.bus.type=redis",
                "janus.bus.redis.url=" + redis.url(), "janus.bus.redis.block=50ms",
                "janus.bus.redis.discovery-interval=100ms", "janus.proactive.unanswered-question.window=1s",
                "janus.proactive.sweep-interval=50ms");
        onRedis.run(first -> onRedis.run(second -> {
            // given two replicas in the janus-proactive group
            assertThat(first.getBean(ProactiveState.class)).isInstanceOf(RedisProactiveState.class);
            String stream = "replicas-" + UUID.randomUUID();
            try (EventTestHarness harness = new EventTestHarness(first.getBean(EventBus.class))) {
                // when the same question comes three times, spread over both, and a message stays unanswered
                for (int i = 0; i < 3; i++) {
                    harness.publish(event(EventKeys.INPUT_MESSAGE_RECEIVED, stream,
                            new TextContent("When is the next train?")));
                }
                // (the three interventions come after every message was handled, so nothing more is to come)
                await().atMost(WAIT).until(() -> findings(harness, stream).stream()
                        .filter(e -> e.eventType() == EventType.PROACTIVE_INTERVENTION_NEEDED).count() >= 3);

                // then each finding was reported by one replica only
                List<JanusEvent> mine = findings(harness, stream);
                assertThat(mine).extracting(JanusEvent::eventType).containsExactlyInAnyOrder(
                        EventType.PROACTIVE_PATTERN_DETECTED, EventType.PROACTIVE_SUGGESTION_READY,
                        EventType.PROACTIVE_INTERVENTION_NEEDED, EventType.PROACTIVE_INTERVENTION_NEEDED,
                        EventType.PROACTIVE_INTERVENTION_NEEDED);
                assertThat(mine).filteredOn(e -> e.eventType() == EventType.PROACTIVE_INTERVENTION_NEEDED)
                        .extracting(e -> e.content(EventKeys.PROACTIVE_INTERVENTION_NEEDED).kind())
                        .containsOnly("unanswered_question");
                assertThat(running(first) && running(second)).isTrue();
            }
        }));
    }

    private static List<JanusEvent> findings(EventTestHarness harness, String stream) {
        return harness.publishedEvents().stream()
                .filter(e -> e.streamId().equals(stream))
                .filter(e -> e.eventType().wireName().startsWith("proactive."))
                .toList();
    }

    private static boolean running(ConfigurableApplicationContext context) {
        return context.getBean(ProactiveMonitor.class).isRunning();
    }

    private static <C extends EventContent> JanusEvent event(EventKey<C> key, String streamId, C content) {
        return JanusEvent.create(key, streamId, content,
                new EventContext("janus-test", "ana", "chat", null, Map.of()));
    }
}
