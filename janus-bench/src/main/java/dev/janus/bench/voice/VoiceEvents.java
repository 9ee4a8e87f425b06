package dev.janus.bench.voice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.input.audio.AudioTrack;
import org.jspecify.annotations.Nullable;

/**
 * The bench's subscriptions (consumer group {@value #GROUP}, a component of its own) to what the voice path publishes
 * for the bench's streams: each {@code input.speech.ended} (the detector's decision), each final
 * {@code input.transcript.updated} (with the engine's time, {@code engine_ms}, and the id of the message the text
 * became) and each {@code input.message.received} on the voice channel. Each is recorded with
 * {@link System#nanoTime} at the start of the bench's handler, and with the event's own timestamp (wall clock of
 * this JVM) mapped onto the same {@code nanoTime} scale.
 */
final class VoiceEvents implements AutoCloseable {

    static final String GROUP = "janus-bench";

    /**
     * When an event reached the bench, and its own timestamp.
     *
     * @param receivedNanos {@link System#nanoTime} when the bench's handler started
     * @param timestamp the event's timestamp
     * @param stampedNanos the timestamp on the {@code nanoTime} scale
     */
    record Seen(long receivedNanos, Instant timestamp, long stampedNanos) {
    }

    /** The final transcript of an utterance. */
    record Final(long engineMillis, @Nullable String messageEventId, @Nullable String rejected) {
    }

    /**
     * One utterance's way from the detector's decision to its message.
     *
     * @param ended its {@code input.speech.ended}
     * @param transcript its final transcript, absent if none came
     * @param message the {@code input.message.received} its text became, absent if none came
     */
    record Utterance(Seen ended, @Nullable Final transcript, @Nullable Seen message) {

        boolean complete() {
            return transcript != null && message != null;
        }

        /**
         * From the decision (the timestamp of {@code input.speech.ended}) to the bench's receipt of the message, with
         * the engine's time, in microseconds.
         */
        long withEngineMicros() {
            return (message().receivedNanos() - ended.stampedNanos()) / 1_000;
        }

        /** The same without the engine's time. */
        long withoutEngineMicros() {
            return withEngineMicros() - transcript().engineMillis() * 1_000;
        }

        /** Receipt of {@code input.speech.ended} to receipt of the message, both by the bench, without the engine. */
        long receiptsWithoutEngineMicros() {
            return (message().receivedNanos() - ended.receivedNanos()) / 1_000 - transcript().engineMillis() * 1_000;
        }

        /** The same by the events' own timestamps (wall clock of this JVM), without the engine's time. */
        long timestampsWithoutEngineMicros() {
            return Duration.between(ended.timestamp(), message().timestamp()).toNanos() / 1_000
                    - transcript().engineMillis() * 1_000;
        }

        @Override
        public Final transcript() {
            if (transcript == null) {
                throw new IllegalStateException("no transcript");
            }
            return transcript;
        }

        @Override
        public Seen message() {
            if (message == null) {
                throw new IllegalStateException("no message");
            }
            return message;
        }
    }

    private final Map<String, Seen> ended = new ConcurrentHashMap<>();
    private final Map<String, Final> transcripts = new ConcurrentHashMap<>();
    private final Map<String, Seen> messages = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions;
    private final long wallMinusNanoTime = wallMinusNanoTime();

    VoiceEvents(EventBus bus) {
        subscriptions = List.of(
                bus.subscribe(EventKeys.INPUT_SPEECH_ENDED, GROUP, (event, speech) -> {
                    long now = System.nanoTime();
                    if (ours(event)) {
                        ended.put(speech.utteranceId(), seen(now, event.timestamp()));
                    }
                }),
                bus.subscribe(EventKeys.INPUT_TRANSCRIPT_UPDATED, GROUP, (event, transcript) -> {
                    if (ours(event) && transcript.isFinal()) {
                        Map<String, String> attributes = event.context().attributes();
                        String engineMs = attributes.get("engine_ms");
                        transcripts.put(transcript.utteranceId(), new Final(engineMs == null ? -1 : Long.parseLong(engineMs),
                                attributes.get("message_event_id"), attributes.get("rejected")));
                    }
                }),
                bus.subscribe(EventKeys.INPUT_MESSAGE_RECEIVED, GROUP, (event, message) -> {
                    long now = System.nanoTime();
                    if (ours(event) && AudioTrack.CHANNEL.equals(event.context().channel())) {
                        messages.put(event.eventId(), seen(now, event.timestamp()));
                    }
                }));
    }

    /**
     * The utterances whose end the bench received between {@code fromNanos} and {@code toNanos}, waiting up to
     * {@code timeout} for their transcripts and messages; those still without one are returned incomplete.
     */
    List<Utterance> endedBetween(long fromNanos, long toNanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Utterance> utterances;
        do {
            utterances = new ArrayList<>();
            for (Map.Entry<String, Seen> entry : ended.entrySet()) {
                long at = entry.getValue().receivedNanos();
                if (at >= fromNanos && at < toNanos) {
                    Final transcript = transcripts.get(entry.getKey());
                    Seen message = transcript == null || transcript.messageEventId() == null ? null
                            : messages.get(transcript.messageEventId());
                    utterances.add(new Utterance(entry.getValue(), transcript, message));
                }
            }
            if (utterances.stream().allMatch(Utterance::complete)) {
                return utterances;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        while (System.nanoTime() < deadline);
        return utterances;
    }

    /** Final transcripts whose text the input component refused as a message, by reason. */
    List<String> rejections() {
        return transcripts.values().stream().map(Final::rejected).filter(java.util.Objects::nonNull).toList();
    }

    private Seen seen(long receivedNanos, Instant timestamp) {
        long wallNanos = timestamp.getEpochSecond() * 1_000_000_000L + timestamp.getNano();
        return new Seen(receivedNanos, timestamp, wallNanos - wallMinusNanoTime);
    }

    /**
     * How far the wall clock ({@link Instant#now}, which stamps events, in microseconds on Linux) is ahead of
     * {@link System#nanoTime}: the tightest of a few paired readings.
     */
    private static long wallMinusNanoTime() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 1_000; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                offset = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    private static boolean ours(JanusEvent event) {
        return event.streamId().startsWith(AudioClients.STREAM_PREFIX);
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }
}
