package dev.janus.bench.voice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible {@code POST /v1/audio/transcriptions} on a free loopback port that answers every multipart
 * request carrying a WAV {@code file} at once with {@code {"text": "}{@value #TEXT}{@code "}} — the shape of the real
 * API's {@code response_format=json} answer — so the transcription engine's own time is the HTTP round trip and
 * little else. It records its own handling time (handler start, the headers read, to response written) on {@link System#nanoTime}.
 * Anything else gets the API's error shape and is counted. Sends with TCP_NODELAY, as real API servers do.
 */
final class InstantTranscriptionServer implements AutoCloseable {

    static final String TEXT = SpokenTrack.PHRASE;

    private static final byte[] ANSWER = ("{\"text\":\"" + TEXT + "\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] WAV_PART = "name=\"file\"".getBytes(StandardCharsets.US_ASCII);
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "bench-transcription-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicLong handlingNanos = new AtomicLong();

    InstantTranscriptionServer() throws IOException {
        // Read once, when the JDK's first HTTP server is created: without it a response's header and body writes
        // can wait ~40 ms for the client's delayed ACK, a delay of this server's, not of the voice path's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/v1/audio/transcriptions", this::handle);
        server.start();
    }

    /** The value for {@code janus.input.voice.transcription.openai.url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered with the text. */
    int answered() {
        return answered.get();
    }

    /** Requests answered with an error (not a multipart POST with a file). */
    int rejected() {
        return rejected.get();
    }

    /** The server's own time over all answered requests, in nanoseconds. */
    long handlingNanos() {
        return handlingNanos.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long start = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean valid = exchange.getRequestMethod().equals("POST") && type != null
                    && type.startsWith("multipart/form-data") && contains(body, WAV_PART);
            byte[] answer = valid ? ANSWER : ("{\"error\":{\"message\":\"the bench server answers multipart POST "
                    + "requests with a file part\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(valid ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.getResponseBody().flush();
            if (valid) {
                handlingNanos.addAndGet(System.nanoTime() - start);
                answered.incrementAndGet();
            }
            else {
                rejected.incrementAndGet();
            }
        }
    }

    /** Whether {@code pattern} occurs in the first 1 KiB of {@code data}: the file part's header comes early. */
    private static boolean contains(byte[] data, byte[] pattern) {
        int end = Math.min(data.length, 1024) - pattern.length;
        outer:
        for (int i = 0; i <= end; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
