package dev.janus.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventPattern;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.AudioContent;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import dev.janus.proactive.detect.ErrorSpikeDetector;
import dev.janus.proactive.detect.UnansweredQuestionDetector;
import dev.janus.proactive.restraint.FeedbackLoop;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.InMemoryProactiveState;
import dev.janus.proactive.state.ProactiveState;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.TestBuses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proactive's subscriptions on a real in-memory bus: only the types its detectors watch reach it. */
class ProactiveMonitorTests {

    private final InMemoryEventBus bus = TestBuses.inMemory(BusProperties.defaults());
    private final List<JanusEvent> reachedProactive = new CopyOnWriteArrayList<>();
    private final ProactiveMonitor monitor = monitor(new Witness(bus, reachedProactive));

    @AfterEach
    void close() {
        monitor.stop();
        bus.close();
    }

    @Test
    void subscribesToTheTypesItsDetectorsWatchAndFeedbackOnly() {
        // then
        assertThat(monitor.watchedTypes()).containsExactlyInAnyOrder(EventType.INPUT_MESSAGE_RECEIVED,
                EventType.INPUT_SUGGESTION_FEEDBACK, EventType.MEMORY_PATTERN_DETECTED,
                EventType.TOOLS_EXECUTION_FAILED, EventType.TOOLS_REMINDER_DUE, EventType.OUTPUT_MESSAGE_SENT,
                EventType.OUTPUT_MESSAGE_FAILED);
        assertThat(ErrorSpikeDetector.failureTypes())
                .containsExactlyInAnyOrder(EventType.TOOLS_EXECUTION_FAILED, EventType.OUTPUT_MESSAGE_FAILED);
    }

    @Test
    void anAudioChunkNeverReachesProactive() {
        // given
        monitor.start();
        JanusEvent chunk = JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, "meeting-1",
                new AudioContent(new byte[3_200], 16_000, 1, "pcm_s16le", 0), EventContext.from("janus-input"));
        JanusEvent delta = JanusEvent.create(EventKeys.LLM_RESPONSE_DELTA, "meeting-1", new ResponseDelta(0, "Hel"),
                EventContext.from("janus-llm"));
        JanusEvent message = EventFixtures.textMessage("meeting-1", "where is the report?");

        // when
        bus.publish(chunk).join();
        bus.publish(delta).join();
        bus.publish(message).join();

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedProactive.contains(message));
        assertThat(reachedProactive).extracting(JanusEvent::eventType).containsOnly(EventType.INPUT_MESSAGE_RECEIVED);
        assertThat(bus.liveSubscriptions()).filteredOn(subscription -> subscription.group()
                .equals(ProactiveConfiguration.COMPONENT)).isNotEmpty()
                .noneMatch(subscription -> EventPattern.of(subscription.pattern()).matches(EventType.INPUT_AUDIO_CHUNK));
    }

    private ProactiveMonitor monitor(EventSubscriber subscriber) {
        ProactiveProperties properties = ProactiveProperties.defaults();
        ProactiveState state = new InMemoryProactiveState(Clock.systemUTC());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Findings findings = new Findings(event -> CompletableFuture.completedFuture(null),
                new Restraint(state, properties.restraint(), Clock.systemUTC()), state, meters);
        UnansweredQuestionDetector unanswered = new UnansweredQuestionDetector(state, properties.unansweredQuestion(),
                new EventCodec(), Clock.systemUTC(), bus);
        return new ProactiveMonitor(subscriber, ProactiveConfiguration.detectors(state, properties, unanswered),
                new FeedbackLoop(state, properties.restraint(), meters), findings);
    }

    /** The real bus, noting each event it hands to a handler subscribed through it. */
    private record Witness(EventSubscriber bus, List<JanusEvent> seen) implements EventSubscriber {

        @Override
        public Subscription subscribe(String pattern, String group, @Nullable Duration handlerTimeout,
                EventHandler handler) {
            return bus.subscribe(pattern, group, handlerTimeout, event -> {
                seen.add(event);
                handler.on(event);
            });
        }

        @Override
        public Subscription subscribeBroadcast(String pattern, String component, EventHandler handler) {
            return bus.subscribeBroadcast(pattern, component, event -> {
                seen.add(event);
                handler.on(event);
            });
        }

        @Override
        public List<Subscription> liveSubscriptions() {
            return bus.liveSubscriptions();
        }
    }
}
