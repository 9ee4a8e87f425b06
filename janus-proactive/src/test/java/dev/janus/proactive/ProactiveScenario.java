package dev.janus.proactive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventPublisher;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContent;
import dev.janus.events.EventContext;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.TextContent;
import dev.janus.proactive.detect.UnansweredQuestionDetector;
import dev.janus.proactive.restraint.FeedbackLoop;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.InMemoryProactiveState;
import dev.janus.proactive.state.ProactiveState;
import dev.janus.testkit.MovableClock;
import dev.janus.testkit.TestBuses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Proactive built from its configuration on in-memory state, with a clock the test moves and a publisher that
 * records: events go in through {@link #receive}, synchronously, as the bus would deliver them.
 */
final class ProactiveScenario implements AutoCloseable {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T12:00:00Z"));
    final ProactiveState state = new InMemoryProactiveState(clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<JanusEvent> published = new ArrayList<>();
    final ProactiveMonitor monitor;
    final UnansweredQuestionDetector unanswered;
    private final InMemoryEventBus unusedBus = TestBuses.inMemory(BusProperties.defaults());
    final Findings findings;
    private int sequence;

    ProactiveScenario(ProactiveProperties properties) {
        EventPublisher recorder = event -> {
            synchronized (published) {
                published.add(event);
            }
            return CompletableFuture.completedFuture(null);
        };
        findings = new Findings(recorder, new Restraint(state, properties.restraint(), clock), state, meters);
        unanswered = new UnansweredQuestionDetector(state, properties.unansweredQuestion(), new EventCodec(), clock,
                unusedBus);
        // never started: events go in through receive(), not through the bus
        monitor = new ProactiveMonitor(unusedBus, ProactiveConfiguration.detectors(state, properties, unanswered),
                new FeedbackLoop(state, properties.restraint(), meters), findings);
    }

    @Override
    public void close() {
        unusedBus.close();
    }

    /** Delivers {@code event} to proactive. */
    JanusEvent receive(JanusEvent event) {
        monitor.on(event);
        return event;
    }

    /** A chat message from {@code userId} in {@code streamId}, now. */
    JanusEvent message(String streamId, @Nullable String userId, String text) {
        return event(EventKeys.INPUT_MESSAGE_RECEIVED, streamId, userId, new TextContent(text));
    }

    /** An event of {@code key}'s type now, as its publisher would send it. */
    <C extends EventContent> JanusEvent event(EventKey<C> key, String streamId, @Nullable String userId, C content) {
        String id = "evt-" + (++sequence);
        return JanusEvent.inFlow(id, key, streamId, content,
                new EventContext(publisherOf(key.type()), userId, "chat", null, Map.of()), TRACE_ID, id, null)
                .withTimestamp(clock.instant());
    }

    /** The component that publishes {@code type}: the one its wire name's first part names. */
    private static String publisherOf(EventType type) {
        return "janus-" + type.wireName().substring(0, type.wireName().indexOf('.'));
    }

    /** What proactive published of {@code type}, in order. */
    List<JanusEvent> published(EventType type) {
        synchronized (published) {
            return published.stream().filter(event -> event.eventType() == type).toList();
        }
    }

    /** The suggestions published, in order. */
    List<ProactiveSuggestion> suggestions() {
        return published(EventType.PROACTIVE_SUGGESTION_READY).stream()
                .map(event -> event.content(EventKeys.PROACTIVE_SUGGESTION_READY))
                .toList();
    }

    /** How many suggestions were held back for {@code reason}. */
    double heldBack(String reason) {
        return meters.find("janus.proactive.suggestions").tag("reason", reason).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
