package dev.janus.bench.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.janus.bench.bus.LatencySamples;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * Where a conversation turn's time goes: a consumer group of the bench's on each event of the turn's path records when
 * the event was created ({@link JanusEvent#timestamp()}, microseconds on the wall clock), and each stage is read as
 * the time from the message's publish to that creation. Reads the events after they were handled elsewhere, so it
 * adds a consumer per topic but nothing to the path itself.
 */
final class FlowStages implements AutoCloseable {

    /** The events of a turn in the order the path creates them (the tools and intent branches run beside memory). */
    static final List<EventType> PATH = List.of(EventType.ORCHESTRATOR_CONTEXT_REQUESTED,
            EventType.ORCHESTRATOR_TOOLS_REQUESTED, EventType.TOOLS_EXECUTION_COMPLETED,
            EventType.ORCHESTRATOR_INTENT_CLASSIFIED, EventType.MEMORY_CONTEXT_ASSEMBLED,
            EventType.ORCHESTRATOR_LLM_REQUESTED, EventType.LLM_RESPONSE_GENERATED,
            EventType.ORCHESTRATOR_RESPONSE_READY);

    /** Its consumer group: the bench's {@link ConversationLatency#GROUP} takes the responses themselves. */
    static final String GROUP = "janus-bench-stages";

    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile @Nullable Times current;

    FlowStages(EventBus bus) {
        for (int stage = 0; stage < PATH.size(); stage++) {
            int index = stage;
            subscriptions.add(bus.subscribe(PATH.get(stage).wireName(), GROUP, event -> {
                Times times = current;
                if (times != null) {
                    times.created(event.correlationId(), index, event.timestamp());
                }
            }));
        }
    }

    /** Starts recording the turns of a round of {@code messages}. */
    Times begin(int messages) {
        Times times = new Times(messages);
        current = times;
        return times;
    }

    void end() {
        current = null;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }

    /** When each message of a round was published and each event of its turn created, in epoch microseconds. */
    static final class Times {

        private final Map<String, Integer> indexes = new ConcurrentHashMap<>();
        private final AtomicLongArray sent;
        private final AtomicLongArray[] created = new AtomicLongArray[PATH.size()];

        Times(int messages) {
            this.sent = new AtomicLongArray(messages);
            for (int stage = 0; stage < created.length; stage++) {
                created[stage] = new AtomicLongArray(messages);
            }
        }

        void expect(String correlationId, int index) {
            indexes.put(correlationId, index);
        }

        void sent(int index) {
            sent.set(index, micros(Instant.now()));
        }

        void created(String correlationId, int stage, Instant timestamp) {
            Integer index = indexes.get(correlationId);
            if (index != null) {
                created[stage].compareAndSet(index, 0, micros(timestamp));
            }
        }

        /**
         * Each stage's p50 and p99 after the publish, over the messages {@code from} to the end, for a table note;
         * a stage the turns did not pass through (no tool call asked for) is left out.
         */
        String describe(int from) {
            StringJoiner stages = new StringJoiner("; ", "created this long after the message's publish (p50 / p99 ms): ", "");
            for (int stage = 0; stage < PATH.size(); stage++) {
                long[] micros = new long[sent.length() - from];
                int passed = 0;
                for (int i = from; i < sent.length(); i++) {
                    long at = created[stage].get(i);
                    if (at != 0) {
                        micros[passed++] = Math.max(0, at - sent.get(i));
                    }
                }
                if (passed > 0) {
                    LatencySamples samples = new LatencySamples(Arrays.copyOf(micros, passed));
                    stages.add(String.format(Locale.ROOT, "%s %.2f / %.2f (%d turns)", PATH.get(stage).wireName(),
                            samples.millisAt(0.5), samples.millisAt(0.99), passed));
                }
            }
            return stages.toString();
        }

        private static long micros(Instant instant) {
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
        }
    }
}
