package dev.janus.input.audio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server speaking the OpenAI transcription format: {@code POST /v1/audio/transcriptions}, multipart
 * with {@code file}, {@code model}, {@code response_format} and optionally {@code language}, answered
 * {@code {"text": ...}} as OpenAI does. It cannot recognise speech, so it answers what it verifiably received:
 * "heard N milliseconds" for a WAV of N ms; or, as scripted with {@link #failNext}, an OpenAI error.
 */
public final class TranscriptionServer implements AutoCloseable {

    /** What one request carried. */
    public record Request(String model, String responseFormat, @Nullable String language, String filename,
            String authorization, WavFile audio) {
    }

    public final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final BlockingQueue<Integer> failures = new LinkedBlockingQueue<>();
    private final HttpServer server;

    public TranscriptionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/transcriptions", exchange -> {
            attempts.incrementAndGet();
            Integer failure = failures.poll();
            if (failure != null) {
                byte[] error = ("{\"error\":{\"message\":\"scripted failure " + failure
                        + "\",\"type\":\"server_error\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(failure, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] body = exchange.getRequestBody().readAllBytes();
            String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
            String model = null;
            String format = null;
            String language = null;
            String filename = null;
            WavFile audio = null;
            for (byte[] part : parts(body, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1))) {
                String head = new String(part, 0, Math.min(part.length, 300), StandardCharsets.ISO_8859_1);
                int split = head.indexOf("\r\n\r\n") + 4;
                byte[] value = java.util.Arrays.copyOfRange(part, split, part.length - 2);
                if (head.contains("name=\"model\"")) {
                    model = new String(value, StandardCharsets.UTF_8);
                }
                else if (head.contains("name=\"response_format\"")) {
                    format = new String(value, StandardCharsets.UTF_8);
                }
                else if (head.contains("name=\"language\"")) {
                    language = new String(value, StandardCharsets.UTF_8);
                }
                else if (head.contains("name=\"file\"")) {
                    int name = head.indexOf("filename=\"") + "filename=\"".length();
                    filename = head.substring(name, head.indexOf('"', name));
                    audio = WavFile.parse(value);
                }
            }
            byte[] answer;
            int status;
            if (audio == null || model == null) {
                status = 400;
                answer = "{\"error\":{\"message\":\"file and model are required\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            else {
                requests.add(new Request(model, format, language, filename,
                        authorization == null ? "" : authorization, audio));
                status = 200;
                answer = ("{\"text\":\"heard " + audio.durationMs() + " milliseconds\"}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} requests are answered with {@code status} and an OpenAI error body. */
    public TranscriptionServer failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
        return this;
    }

    /** Requests received so far, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    private static java.util.List<byte[]> parts(byte[] body, byte[] delimiter) {
        java.util.List<byte[]> parts = new java.util.ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int from = start + delimiter.length + 2;
            int next = indexOf(body, delimiter, from);
            if (next < 0) {
                break;
            }
            parts.add(java.util.Arrays.copyOfRange(body, from, next));
            start = next;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
