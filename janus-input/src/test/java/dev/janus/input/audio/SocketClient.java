package dev.janus.input.audio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (the JDK's) for /ws/audio and /ws/video: collects text frames and counts binary bytes. */
final class SocketClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final AtomicLong binaryBytes = new AtomicLong();
    final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    SocketClient(int port, String pathAndQuery) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(JSON.readTree(partial.toString()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        binaryBytes.addAndGet(data.remaining());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
    }

    void text(String json) {
        socket.sendText(json, true).join();
    }

    void binary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends the audio as 20 ms frames, as fast as the socket takes them. */
    void stream(short[] samples, int rate) {
        for (byte[] frame : TestSpeech.frames(samples, rate, 20)) {
            binary(frame);
        }
    }

    /** The next frame of {@code type}, skipping others; fails after {@code timeout}. */
    JsonNode next(String type, Duration timeout) throws InterruptedException {
        List<String> skipped = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no '" + type + "' frame within " + timeout + "; skipped " + skipped);
            }
            if (type.equals(frame.get("type").stringValue())) {
                return frame;
            }
            skipped.add(frame.toString());
        }
    }

    /** Every frame received so far (consumed). */
    List<JsonNode> drain() {
        List<JsonNode> all = new java.util.ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
}
