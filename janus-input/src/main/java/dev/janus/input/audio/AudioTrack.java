package dev.janus.input.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.janus.bus.EventPublisher;
import dev.janus.events.AudioContent;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.SpeechActivity;
import dev.janus.events.Utterance;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.InputConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * One participant's audio on one stream, on the node holding its socket: converts the client's rate to 16 kHz,
 * publishes the audio as {@code input.audio.chunk} batches, runs the utterance buffer with this track's own
 * detector ({@link VoiceActivityDetectors#forNewTrack()}: a Silero model's recurrent state is per track) and publishes
 * {@code input.speech.started}, {@code input.speech.ended} and {@code input.utterance.completed} (the speaker is
 * the events' user, the channel {@code voice}). The utterance id is the id of its {@code input.speech.started}
 * event, and the other two answer that event, so one utterance is one correlation. Publishing does not block
 * the socket; a failed publish is reported to {@code onPublishFailure}. Not thread-safe: one socket, one thread.
 */
public final class AudioTrack {

    /** The channel of everything that comes from a voice socket. */
    public static final String CHANNEL = Channels.VOICE;
    /** The encoding of published audio. */
    public static final String ENCODING = "pcm_s16le";

    private final EventPublisher bus;
    private final String streamId;
    private final EventContext context;
    private final int clientRate;
    private final Resampler resampler;
    private final UtteranceSegmenter segmenter;
    private final ChunkBatcher batcher;
    private final Consumer<Throwable> onPublishFailure;
    private long sequence;
    private @Nullable JanusEvent started;

    public AudioTrack(EventPublisher bus, String streamId, @Nullable String userId, int clientRate,
            VoiceProperties properties, VoiceActivityDetector detector, Consumer<Throwable> onPublishFailure) {
        this.bus = bus;
        this.streamId = streamId;
        this.context = new EventContext(InputConfiguration.COMPONENT, userId, CHANNEL, null, Map.of());
        this.clientRate = clientRate;
        this.resampler = new Resampler(clientRate, VoiceProperties.PROCESSING_RATE);
        this.segmenter = new UtteranceSegmenter(detector, properties.vad());
        this.batcher = new ChunkBatcher(samples(properties.chunk()));
        this.onPublishFailure = onPublishFailure;
    }

    /** The rate the client sends at, in samples per second. */
    public int clientRate() {
        return clientRate;
    }

    /**
     * Takes the next frame of client audio (PCM16LE, even length, at the client's rate) and publishes what it
     * completed; returns the voice activity it completed, with the utterance ids.
     */
    public List<Published> accept(byte[] pcm) {
        short[] samples = resampler.process(Pcm16.samples(pcm));
        for (short[] chunk : batcher.add(samples)) {
            publishChunk(chunk);
        }
        return publish(segmenter.accept(samples));
    }

    /** The track ends: the rest of the audio and an utterance in progress are published. */
    public List<Published> stop() {
        short[] rest = batcher.drain();
        if (rest.length > 0) {
            publishChunk(rest);
        }
        return publish(segmenter.flush());
    }

    /** Whether the track is in an utterance now. */
    public boolean isSpeaking() {
        return segmenter.isSpeaking();
    }

    private List<Published> publish(List<VoiceActivity> activity) {
        if (activity.isEmpty()) {
            return List.of();
        }
        List<Published> published = new ArrayList<>(activity.size());
        for (VoiceActivity item : activity) {
            if (item instanceof VoiceActivity.SpeechStarted speech) {
                String utteranceId = UUID.randomUUID().toString();
                JanusEvent event = JanusEvent.create(EventKeys.INPUT_SPEECH_STARTED, streamId,
                        new SpeechActivity(utteranceId, speech.offsetMs()), context);
                started = event;
                send(event);
                published.add(new Published(item, utteranceId, event));
            }
            else if (item instanceof VoiceActivity.UtteranceEnded ended && started != null) {
                JanusEvent cause = started;
                String utteranceId = cause.content(EventKeys.INPUT_SPEECH_STARTED).utteranceId();
                JanusEvent speechEnded = cause.reply(EventKeys.INPUT_SPEECH_ENDED,
                        new SpeechActivity(utteranceId, ended.speechEndMs()), InputConfiguration.COMPONENT);
                send(speechEnded);
                send(cause.reply(EventKeys.INPUT_UTTERANCE_COMPLETED, new Utterance(utteranceId,
                        Pcm16.bytes(ended.samples()), VoiceProperties.PROCESSING_RATE, ended.offsetMs()),
                        InputConfiguration.COMPONENT));
                started = null;
                published.add(new Published(item, utteranceId, speechEnded));
            }
        }
        return published;
    }

    private void publishChunk(short[] chunk) {
        send(JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, streamId, new AudioContent(Pcm16.bytes(chunk),
                VoiceProperties.PROCESSING_RATE, 1, ENCODING, sequence++), context));
    }

    private void send(JanusEvent event) {
        bus.publish(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                onPublishFailure.accept(failure);
            }
        });
    }

    private static int samples(Duration duration) {
        return (int) (duration.toMillis() * VoiceProperties.PROCESSING_RATE / 1000);
    }

    /**
     * Voice activity as it was published.
     *
     * @param activity what the utterance buffer found
     * @param utteranceId the utterance it belongs to
     * @param event the {@code input.speech.started} or {@code input.speech.ended} event
     */
    public record Published(VoiceActivity activity, String utteranceId, JanusEvent event) {
    }
}
