package dev.janus.app.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.app.JanusApplication;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a recording's input events through a shadow of Janus: the all-in-one app started in this JVM on an
 * in-memory bus of its own (its own streams, consumer groups and memory, so production is untouched), with the
 * shadow configuration on top of the app's own, and tools answered from the recording ({@link RecordedTools}).
 * Inputs go in in their recorded order, each message once the previous reply came (or its wait ran out), either as
 * fast as that allows or with the recorded pauses between them. They keep their ids, so every request keeps its
 * correlation id, and take the replay's time, so latencies are the shadow's.
 */
public final class ShadowRun {

    /** The property that keeps the tools component from answering tool requests itself. */
    static final String TOOLS_ENABLED = "janus.tools.enabled";

    private static final Logger log = LoggerFactory.getLogger(ShadowRun.class);
    private static final Set<EventType> INPUTS = Set.of(EventType.INPUT_STREAM_STARTED,
            EventType.INPUT_MESSAGE_RECEIVED, EventType.INPUT_STREAM_ENDED);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Map<String, String> configuration;
    private final boolean paced;
    private final Duration replyWait;

    /**
     * @param configuration the shadow's properties, e.g. {@code janus.llm.provider=ollama}
     * @param paced whether to keep the recorded pauses between inputs (each at most 30 s)
     * @param replyWait how long to wait for each reply
     */
    public ShadowRun(Map<String, String> configuration, boolean paced, Duration replyWait) {
        this.configuration = Map.copyOf(configuration);
        this.paced = paced;
        this.replyWait = replyWait;
    }

    /** Replays the inputs of {@code recording}; returns every event the shadow published, oldest first. */
    public List<JanusEvent> replay(List<JanusEvent> recording) throws InterruptedException {
        try (ConfigurableApplicationContext shadow = start()) {
            EventBus bus = shadow.getBean(EventBus.class);
            RecordedTools tools = new RecordedTools(bus, recording);
            tools.start();
            Map<String, CompletableFuture<JanusEvent>> replies = new ConcurrentHashMap<>();
            Subscription awaiting = bus.subscribe(EventKeys.ORCHESTRATOR_RESPONSE_READY, "janus-replay",
                    (ready, response) -> replies
                            .computeIfAbsent(ready.correlationId(), unused -> new CompletableFuture<>())
                            .complete(ready));
            try {
                feed(recording, bus, replies);
            }
            finally {
                awaiting.cancel();
                tools.stop();
            }
            return ((EventHistory) bus).recentEvents(EventPattern.ALL, null, Integer.MAX_VALUE);
        }
    }

    private void feed(List<JanusEvent> recording, EventBus bus, Map<String, CompletableFuture<JanusEvent>> replies)
            throws InterruptedException {
        Instant previous = null;
        for (JanusEvent input : recording) {
            if (!INPUTS.contains(input.eventType())) {
                continue;
            }
            if (paced && previous != null) {
                Duration pause = Duration.between(previous, input.timestamp());
                if (!pause.isNegative()) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(pause.toMillis(), LONGEST_PAUSE.toMillis()));
                }
            }
            previous = input.timestamp();
            bus.publish(input.withTimestamp(Instant.now())).join();
            if (input.eventType() == EventType.INPUT_MESSAGE_RECEIVED) {
                try {
                    replies.computeIfAbsent(input.correlationId(), unused -> new CompletableFuture<>())
                            .get(replyWait.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (TimeoutException e) {
                    log.warn("No reply to {} in the shadow within {}; going on", input.correlationId(), replyWait);
                }
                catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("waiting for a reply failed", e);
                }
            }
        }
    }

    private ConfigurableApplicationContext start() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("janus.bus.memory.history-size", 1_000_000);
        properties.put("spring.main.banner-mode", "off");
        properties.put("janus.memory.consolidation.enabled", false);
        properties.putAll(configuration);
        // isolation: whatever the shadow configuration says, the shadow has its own bus, state and port, and no tools
        properties.put("janus.bus.type", "memory");
        properties.put("server.port", 0);
        properties.put("server.address", "127.0.0.1");
        properties.put(TOOLS_ENABLED, false);
        List<String> arguments = new ArrayList<>();
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(JanusApplication.class).run(arguments.toArray(String[]::new));
    }
}
