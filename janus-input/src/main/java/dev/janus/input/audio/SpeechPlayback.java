package dev.janus.input.audio;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.input.speech.SpokenReply;
import org.jspecify.annotations.Nullable;

/**
 * One spoken reply going out to a stream's speech-enabled sockets as binary PCM16LE frames at each socket's rate,
 * paced at real time plus a small lead (the client's buffer), so that at any moment the server knows how much of
 * the reply the listener has heard: what was sent minus the lead. Stopping it (barge-in) sends nothing more and
 * tells the clients to drop what they buffered.
 */
final class SpeechPlayback {

    private static final long CHUNK_MS = 100;
    private static final long TICK_MS = 20;

    private final String correlationId;
    private final SpokenReply reply;
    private final List<AudioSocket> sockets;
    private final long leadMs;
    private final long totalMs;
    private final Map<AudioSocket, byte[]> audio = new HashMap<>();
    private final Runnable onFinished;
    private long startNanos;
    private long sentMs;
    private boolean done;
    private @Nullable ScheduledFuture<?> ticking;

    SpeechPlayback(String correlationId, SpokenReply reply, List<AudioSocket> sockets, Duration lead,
            Runnable onFinished) {
        this.correlationId = correlationId;
        this.reply = reply;
        this.sockets = sockets;
        this.leadMs = lead.toMillis();
        this.totalMs = reply.durationMs();
        this.onFinished = onFinished;
        short[] samples = reply.samples();
        Map<Integer, byte[]> byRate = new HashMap<>();
        for (AudioSocket socket : sockets) {
            int rate = rate(socket);
            audio.put(socket, byRate.computeIfAbsent(rate,
                    r -> Pcm16.bytes(new Resampler(reply.sampleRate(), r).process(samples))));
        }
    }

    String correlationId() {
        return correlationId;
    }

    SpokenReply reply() {
        return reply;
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        if (done) {
            return;
        }
        for (AudioSocket socket : sockets) {
            socket.send(new VoiceFrame.SpeechOut(correlationId, rate(socket), AudioTrack.ENCODING));
        }
        startNanos = System.nanoTime();
        tick();
        if (!done) {
            ticking = scheduler.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops playback; returns the milliseconds of the reply the listener has heard. */
    synchronized long stop() {
        long heard = heardMs();
        if (!done) {
            done = true;
            cancelTicks();
            for (AudioSocket socket : sockets) {
                socket.send(new VoiceFrame.SpeechOutEnded(correlationId, true));
            }
        }
        return heard;
    }

    /** Milliseconds heard so far: played time, never more than was sent. */
    synchronized long heardMs() {
        if (startNanos == 0) {
            return 0;
        }
        return Math.min(Math.min(elapsedMs(), sentMs), totalMs);
    }

    private synchronized void tick() {
        if (done) {
            return;
        }
        long elapsed = elapsedMs();
        while (sentMs < totalMs && sentMs <= elapsed + leadMs) {
            long until = Math.min(totalMs, sentMs + CHUNK_MS);
            for (AudioSocket socket : sockets) {
                byte[] pcm = Objects.requireNonNull(audio.get(socket), "the constructor gave every socket its audio");
                int rate = rate(socket);
                int from = (int) Math.min(pcm.length, sentMs * rate / 1000 * 2);
                int to = until == totalMs ? pcm.length : (int) Math.min(pcm.length, until * rate / 1000 * 2);
                if (to > from) {
                    socket.sendAudio(java.util.Arrays.copyOfRange(pcm, from, to));
                }
            }
            sentMs = until;
        }
        if (sentMs >= totalMs && elapsed >= totalMs) {
            done = true;
            cancelTicks();
            for (AudioSocket socket : sockets) {
                socket.send(new VoiceFrame.SpeechOutEnded(correlationId, false));
            }
            onFinished.run();
        }
    }

    private void cancelTicks() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static int rate(AudioSocket socket) {
        Integer rate = socket.sampleRate();
        return rate == null ? VoiceProperties.PROCESSING_RATE : rate;
    }
}
