package dev.janus.bench.voice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.bench.bus.FixedRate;
import org.jspecify.annotations.Nullable;

/**
 * Audio clients as a browser is one: each a JDK WebSocket on {@code /ws/audio?stream_id=...&sample_rate=16000} that
 * sends {@code {"type":"start"}}, waits for {@code started}, then one 20 ms binary frame per tick. One ticker thread
 * paces every client at real time ({@value SpokenTrack#FRAME_MS} ms per frame); client {@code i} starts
 * {@code offsets[i]} ticks after the first, so the utterances of different clients do not all end on the same frame.
 * A send waits for the client's previous one (the JDK WebSocket allows one outstanding send); a frame never waits
 * for the others.
 */
final class AudioClients implements AutoCloseable {

    static final String STREAM_PREFIX = "voice-bench-";

    private final HttpClient http;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "bench-audio-client");
        thread.setDaemon(true);
        return thread;
    });
    private final List<WebSocket> sockets = new ArrayList<>();
    private final List<CompletableFuture<WebSocket>> lastSend = new ArrayList<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong maxLatenessNanos = new AtomicLong();
    private volatile String lastError = "";

    /** Connects {@code count} clients to {@code endpoint} and starts their tracks. */
    AudioClients(URI endpoint, int count) {
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            URI uri = URI.create(endpoint + "?stream_id=" + STREAM_PREFIX + i + "&sample_rate=" + SpokenTrack.RATE);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, new Frames(ready)).join();
            sockets.add(socket);
            socket.sendText("{\"type\":\"start\"}", true).join();
            lastSend.add(CompletableFuture.completedFuture(socket));
            started.add(ready);
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The stream of client {@code i}. */
    static String streamId(int i) {
        return STREAM_PREFIX + i;
    }

    /**
     * Sends every client's frames at real-time pace, client {@code i} from tick {@code offsets[i]} on; returns when
     * the last frame is handed to its socket.
     */
    void stream(List<byte[]> frames, int[] offsets) {
        int last = 0;
        for (int offset : offsets) {
            last = Math.max(last, offset + frames.size());
        }
        FixedRate pace = new FixedRate(1000 / SpokenTrack.FRAME_MS, 100);
        for (int tick = 0; tick < last; tick++) {
            long late = pace.awaitNext();
            maxLatenessNanos.accumulateAndGet(late, Math::max);
            for (int i = 0; i < sockets.size(); i++) {
                int index = tick - offsets[i];
                if (index >= 0 && index < frames.size()) {
                    ByteBuffer frame = ByteBuffer.wrap(frames.get(index));
                    lastSend.set(i, lastSend.get(i).thenCompose(socket -> socket.sendBinary(frame, true)));
                }
            }
        }
        CompletableFuture.allOf(lastSend.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** {@code error} frames the service sent, and the last one's text. */
    String errors() {
        return errors.get() == 0 ? "no error frames" : errors.get() + " error frames, the last: " + lastError;
    }

    /** The latest the ticker woke for a frame, in ms. */
    double maxTickLatenessMillis() {
        return maxLatenessNanos.get() / 1e6;
    }

    @Override
    public void close() {
        for (WebSocket socket : sockets) {
            socket.sendText("{\"type\":\"stop\"}", true)
                    .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"))
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(failure -> null)
                    .join();
        }
        executor.shutdownNow();
    }

    /** The service's text frames: completes {@code ready} on {@code started}, counts {@code error}. */
    private final class Frames implements WebSocket.Listener {

        private final CompletableFuture<Void> ready;
        private final StringBuilder partial = new StringBuilder();

        Frames(CompletableFuture<Void> ready) {
            this.ready = ready;
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"type\":\"started\"")) {
                    ready.complete(null);
                }
                else if (frame.contains("\"type\":\"error\"")) {
                    errors.incrementAndGet();
                    lastError = frame.length() > 300 ? frame.substring(0, 300) : frame;
                    ready.completeExceptionally(new IllegalStateException("the service refused the track: " + frame));
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.incrementAndGet();
            lastError = error.toString();
            ready.completeExceptionally(error);
        }
    }
}
