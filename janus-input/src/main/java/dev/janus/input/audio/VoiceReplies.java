package dev.janus.input.audio;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import dev.janus.events.Transcript;
import dev.janus.input.Conversations;
import dev.janus.input.InputConfiguration;
import dev.janus.input.speech.SpeechProperties;
import dev.janus.input.speech.SpeechSynthesizer;
import dev.janus.input.speech.SpokenReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to replies on the node holding a stream's audio sockets: transcripts are shown, the reply being
 * produced or spoken for the stream is tracked, replies are spoken to the sockets that asked for speech, and user
 * speech over a reply in progress interrupts it (barge-in).
 *
 * <p>A reply is in progress from the final transcript of the user's utterance (or the first delta of a reply)
 * until the reply was delivered: its {@code output.formatting.completed} arrived and, with speech on, its audio
 * has played. Barge-in then stops the audio, publishes {@code input.stream.interrupted} (reason {@code barge_in};
 * the LLM component cancels the generation, the tools component the tools) and records what was actually
 * delivered as {@code output.message.sent} with the reply's correlation id, {@code via} {@code voice}, and the
 * context attributes {@code interrupted=true}, {@code reason=barge_in} and {@code interruption_event_id}: the
 * sentences heard (speech), or the text shown by deltas so far (no speech yet). A reply that arrives after its
 * interruption is not spoken.
 */
public final class VoiceReplies extends EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(VoiceReplies.class);
    /** A reply that neither arrived nor finished within this long is no longer in progress. */
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final EventBus bus;
    private final AudioSockets sockets;
    private final Conversations conversations;
    private final @Nullable SpeechSynthesizer synthesizer;
    private final SpeechProperties speech;
    private final boolean bargeIn;
    private @Nullable ExecutorService synthesis;
    private @Nullable ScheduledExecutorService playbackClock;
    private final Map<String, ReplyInProgress> replies = new ConcurrentHashMap<>();
    /** The last reply delivered per stream: a transcript or delta of it arriving late must not revive it. */
    private final Map<String, String> delivered = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 10_000;
                }
            });

    public VoiceReplies(EventBus bus, AudioSockets sockets, Conversations conversations,
            @Nullable SpeechSynthesizer synthesizer, SpeechProperties speech, boolean bargeIn) {
        this.bus = bus;
        this.sockets = sockets;
        this.conversations = conversations;
        this.synthesizer = synthesizer;
        this.speech = speech;
        this.bargeIn = bargeIn;
    }

    /** Whether replies can be spoken here (an engine is configured and available). */
    public boolean canSpeak() {
        return synthesizer != null;
    }

    @Override
    public synchronized void start() {
        if (!isRunning()) {
            // synthesis runs a process or an HTTP call per sentence: never on the bus's handler threads
            synthesis = java.util.concurrent.Executors.newFixedThreadPool(2, daemon("janus-speech-synthesis"));
            playbackClock = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemon("janus-speech-playback"));
        }
        super.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The name of this node's broadcast subscriptions: not {@code janus-input}, whose broadcast groups
     * ({@code LiveDelivery}) would otherwise share replies and deltas with these.
     */
    public static final String SUBSCRIBER = "janus-input-voice";

    @Override
    protected List<Subscription> subscribe() {
        String component = SUBSCRIBER;
        return List.of(
                bus.subscribeBroadcast(EventKeys.INPUT_TRANSCRIPT_UPDATED, component, this::onTranscript),
                bus.subscribeBroadcast(EventKeys.LLM_RESPONSE_DELTA, component, this::onDelta),
                bus.subscribeBroadcast(EventKeys.OUTPUT_FORMATTING_COMPLETED, component, this::onReply));
    }

    @Override
    public synchronized void stop() {
        super.stop();
        replies.values().forEach(reply -> {
            SpeechPlayback playback = reply.playback();
            if (playback != null) {
                playback.stop();
            }
        });
        replies.clear();
        if (synthesis != null) {
            synthesis.shutdownNow();
            if (playbackClock != null) {
                playbackClock.shutdownNow();
            }
            synthesis = null;
            playbackClock = null;
        }
    }

    /** Whether a reply is being produced or spoken for the stream. */
    public boolean inProgress(String streamId) {
        ReplyInProgress reply = replies.get(streamId);
        return reply != null && !reply.interrupted() && !reply.isStale();
    }

    void onTranscript(JanusEvent event, Transcript transcript) {
        if (!sockets.holds(event.streamId())) {
            return;
        }
        boolean entered = event.context().attributes().containsKey("message_event_id");
        sockets.send(event.streamId(), new VoiceFrame.Transcript(transcript.utteranceId(), event.context().userId(),
                transcript.text(), transcript.isFinal(), transcript.isFinal() && entered ? event.correlationId() : null));
        if (transcript.isFinal() && entered && !event.correlationId().equals(delivered.get(event.streamId()))) {
            replies.compute(event.streamId(), (stream, current) -> current != null
                    && current.correlationId().equals(event.correlationId()) ? current
                            : new ReplyInProgress(event.correlationId()));
        }
    }

    void onDelta(JanusEvent event, ResponseDelta delta) {
        if (!sockets.holds(event.streamId()) || event.correlationId().equals(delivered.get(event.streamId()))) {
            return;
        }
        ReplyInProgress reply = replies.compute(event.streamId(), (stream, current) -> current != null
                && current.correlationId().equals(event.correlationId()) ? current
                        : new ReplyInProgress(event.correlationId()));
        reply.shown(delta.text());
    }

    void onReply(JanusEvent event, FormattedResponse formatted) {
        String streamId = event.streamId();
        if (!sockets.holds(streamId) || event.correlationId().equals(delivered.get(streamId))) {
            return;
        }
        ReplyInProgress reply = replies.compute(streamId, (stream, current) -> current != null
                && current.correlationId().equals(event.correlationId()) ? current
                        : new ReplyInProgress(event.correlationId()));
        if (reply.interrupted()) {
            return;
        }
        List<AudioSocket> listeners = sockets.of(streamId).stream().filter(AudioSocket::speech).toList();
        String text = formatted.text();
        SpeechSynthesizer engine = synthesizer;
        if (listeners.isEmpty() || engine == null || text.isBlank()) {
            finished(streamId, reply);
            return;
        }
        ExecutorService executor = synthesis;
        if (executor == null) {
            return;
        }
        reply.delivering();
        executor.execute(() -> speak(engine, streamId, reply, text, listeners));
    }

    private void speak(SpeechSynthesizer engine, String streamId, ReplyInProgress reply, String text,
            List<AudioSocket> listeners) {
        SpokenReply spoken;
        try {
            spoken = SpokenReply.synthesize(engine, text, speech.maxChars());
        }
        catch (RuntimeException e) {
            log.warn("Could not speak the reply {} on stream {}: {}", reply.correlationId(), streamId, e.getMessage());
            listeners.forEach(socket -> socket.send(new VoiceFrame.Error("speech_failed",
                    "the reply could not be spoken (" + e.getMessage() + "); it was sent as text")));
            finished(streamId, reply);
            return;
        }
        SpeechPlayback playback = new SpeechPlayback(reply.correlationId(), spoken, listeners, speech.lead(),
                () -> finished(streamId, reply));
        ScheduledExecutorService clock = playbackClock;
        if (clock != null && reply.playing(playback)) {
            playback.start(clock);
        }
    }

    private void finished(String streamId, ReplyInProgress reply) {
        delivered.put(streamId, reply.correlationId());
        replies.remove(streamId, reply);
    }

    /**
     * The user (a participant of the stream) started speaking: a reply in progress is interrupted. Returns the
     * interruption event when there was one.
     */
    public Optional<JanusEvent> onUserSpeech(String streamId, @Nullable String speaker) {
        if (!bargeIn) {
            return Optional.empty();
        }
        ReplyInProgress reply = replies.get(streamId);
        if (reply == null || reply.isStale() || !reply.interrupt()) {
            return Optional.empty();
        }
        SpeechPlayback playback = reply.playback();
        String delivered = playback == null ? reply.shownText()
                : playback.reply().deliveredText(playback.stop());
        finished(streamId, reply);
        Optional<JanusEvent> interruption;
        try {
            interruption = conversations.interrupt(streamId, "barge_in");
        }
        catch (Conversations.BusUnavailableException e) {
            log.warn("Could not publish the barge-in on stream {}: {}", streamId, e.getMessage());
            sockets.send(streamId, VoiceFrame.Error.of("bus_unavailable", e.getMessage()));
            return Optional.empty();
        }
        interruption.ifPresent(event -> {
            // in the reply's flow (its correlation), caused by the interruption
            JanusEvent sent = JanusEvent.inFlow(JanusEvent.newId(), EventKeys.OUTPUT_MESSAGE_SENT, streamId,
                    new DeliveredMessage(delivered, AudioTrack.CHANNEL, "voice"),
                    new EventContext(InputConfiguration.COMPONENT, speaker, AudioTrack.CHANNEL, null,
                            Map.of("interrupted", "true", "reason", "barge_in", "interruption_event_id",
                                    event.eventId(), "delivered_by", playback == null ? "text" : "speech")),
                    event.traceId(), reply.correlationId(), event.eventId());
            bus.publish(sent).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.warn("Could not record the delivered part of reply {}: {}", reply.correlationId(),
                            failure.toString());
                }
            });
            sockets.send(streamId, new VoiceFrame.Interrupted(event.eventId(), "barge_in", reply.correlationId(),
                    delivered));
        });
        return interruption;
    }

    /** A reply being produced or spoken for a stream on this node. */
    private static final class ReplyInProgress {

        private final String correlationId;
        private final Instant since = Instant.now();
        private final StringBuilder shown = new StringBuilder();
        private boolean interrupted;
        private boolean delivering;
        private @Nullable SpeechPlayback playback;

        ReplyInProgress(String correlationId) {
            this.correlationId = correlationId;
        }

        String correlationId() {
            return correlationId;
        }

        synchronized void shown(String delta) {
            if (!interrupted && shown.length() < 32_768) {
                shown.append(delta);
            }
        }

        synchronized String shownText() {
            return shown.toString();
        }

        synchronized boolean interrupted() {
            return interrupted;
        }

        synchronized void delivering() {
            delivering = true;
        }

        /** Marks it interrupted; false when it already was. */
        synchronized boolean interrupt() {
            if (interrupted) {
                return false;
            }
            interrupted = true;
            return true;
        }

        /** Attaches the playback; false when the reply was interrupted meanwhile (nothing is played). */
        synchronized boolean playing(SpeechPlayback started) {
            if (interrupted) {
                return false;
            }
            playback = started;
            return true;
        }

        synchronized @Nullable SpeechPlayback playback() {
            return playback;
        }

        synchronized boolean isStale() {
            return !delivering && since.plus(STALE_AFTER).isBefore(Instant.now());
        }
    }
}
