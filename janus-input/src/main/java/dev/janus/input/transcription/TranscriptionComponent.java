package dev.janus.input.transcription;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.Transcript;
import dev.janus.events.Utterance;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.Conversations;
import dev.janus.input.InputRejectedException;
import dev.janus.input.audio.Pcm16;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcription component, consumer group {@code janus-transcription}: each {@code input.utterance.completed}
 * is transcribed by the configured engine; partial texts go out as {@code input.transcript.updated}
 * ({@code is_final=false}); the final text enters the normal flow through {@link Conversations#accept} as
 * {@code input.message.received} on the {@code voice} channel with the speaker as its user, and then the final
 * {@code input.transcript.updated} follows, carrying the message's correlation id (so the node holding the socket
 * can tell which reply belongs to the utterance) and, in its context attributes, {@code message_event_id},
 * {@code engine} and {@code engine_ms} (the engine's own time). An utterance in which nothing was recognised gets
 * an empty final transcript and no message. An engine failure is thrown to the bus, which retries and then
 * dead-letters the utterance with the engine's reason.
 */
public final class TranscriptionComponent extends EventHandlers {

    /** The component's consumer group. */
    public static final String GROUP = "janus-transcription";

    private static final Logger log = LoggerFactory.getLogger(TranscriptionComponent.class);

    private final EventBus bus;
    private final TranscriptionEngine engine;
    private final Conversations conversations;
    private final Timer engineTime;

    public TranscriptionComponent(EventBus bus, TranscriptionEngine engine, Conversations conversations,
            MeterRegistry meters) {
        this.bus = bus;
        this.engine = engine;
        this.conversations = conversations;
        this.engineTime = Timer.builder("janus_transcription_seconds").description("Time the engine took per utterance")
                .tag("engine", engine.name()).publishPercentileHistogram().register(meters);
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.INPUT_UTTERANCE_COMPLETED, GROUP, this::transcribe));
    }

    private void transcribe(JanusEvent event, Utterance utterance) {
        @Nullable String speaker = event.context().userId();
        AtomicInteger partials = new AtomicInteger();
        long start = System.nanoTime();
        String text = engine.transcribe(Pcm16.samples(utterance.data()), utterance.sampleRate(), partial ->
                publish(transcript(event, "partial/" + partials.getAndIncrement(), new Transcript(utterance.utteranceId(),
                        partial, false), event.correlationId(), Map.of())));
        long engineNanos = System.nanoTime() - start;
        engineTime.record(engineNanos, TimeUnit.NANOSECONDS);
        Map<String, String> attributes = new java.util.HashMap<>(Map.of("engine", engine.name(),
                "engine_ms", String.valueOf(engineNanos / 1_000_000)));
        String correlationId = event.correlationId();
        if (!text.isBlank()) {
            try {
                JanusEvent message = conversations.acceptDerived(event, text, speaker, Channels.VOICE);
                attributes.put("message_event_id", message.eventId());
                correlationId = message.correlationId();
            }
            catch (InputRejectedException e) {
                log.warn("Transcript of utterance {} on stream {} was refused as a message: {}",
                        utterance.utteranceId(), event.streamId(), e.getMessage());
                attributes.put("rejected", e.code());
            }
        }
        publish(transcript(event, "final", new Transcript(utterance.utteranceId(), text, true), correlationId, attributes));
    }

    /** A transcript answering the utterance event, with an id derived from it so a redelivery republishes the same. */
    private static JanusEvent transcript(JanusEvent utterance, String which, Transcript transcript, String correlationId,
            Map<String, String> attributes) {
        String id = utterance.replyOnce(EventKeys.INPUT_TRANSCRIPT_UPDATED, transcript, GROUP, which).eventId();
        EventContext context = new EventContext(GROUP, utterance.context().userId(), utterance.context().channel(),
                utterance.context().traceparent(), attributes);
        return JanusEvent.inFlow(id, EventKeys.INPUT_TRANSCRIPT_UPDATED, utterance.streamId(), transcript, context,
                utterance.traceId(), correlationId, utterance.eventId());
    }

    private void publish(JanusEvent event) {
        bus.publish(event).join();
    }
}
