package dev.janus.bench.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible chat-completions server on a free loopback port that answers every streamed request at once
 * with the same short reply, in the wire format of the real API (SSE {@code data:} chunks: the role, one chunk per
 * piece of text, the finish reason, the usage, {@code [DONE]}), flushing each chunk as a real server does. The
 * request's number is read from the marker {@value #MARKER_PREFIX}{@code <n>} in the user message; for each number
 * the server records, on the JVM's {@link System#nanoTime} clock, when its handler started (the request line and
 * headers read), when the first chunk with text was flushed and when the body's last byte (the chunked encoding's
 * terminator) was flushed: the provider's own time, which the benchmark subtracts from what the component's client
 * sees. A request without a marker, or not a streamed {@code POST /v1/chat/completions}, gets an error and is
 * counted. Sends with TCP_NODELAY, as real API servers do.
 */
final class InstantOpenAiServer implements AutoCloseable {

    static final String MARKER_PREFIX = "bench-request-";
    static final String MODEL = "bench-instant";
    static final List<String> PIECES = List.of("Hello", " from", " the", " instant", " bench", " server.");
    static final String TEXT = String.join("", PIECES);
    static final int PROMPT_TOKENS = 42;

    private static final Pattern MARKER = Pattern.compile(Pattern.quote(MARKER_PREFIX) + "(\\d+)");

    /** The reply's chunks, encoded once: the server spends no time building them. */
    private static final List<byte[]> CHUNKS = chunks();

    /** The index in {@link #CHUNKS} of the first chunk carrying text (the role chunk before it carries none). */
    private static final int FIRST_TEXT_CHUNK = 1;

    private final HttpServer server;
    private final AtomicLongArray receivedAt;
    private final AtomicLongArray firstTextAt;
    private final AtomicLongArray lastByteAt;
    private final AtomicInteger repeated = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    /** Starts the server, recording the timings of requests numbered {@code 0..capacity-1}. */
    InstantOpenAiServer(int capacity) throws IOException {
        // The JDK server leaves Nagle's algorithm on unless told otherwise (read once, when its first server is
        // created): its small chunk writes would then wait ~40 ms for the client's delayed ACK, a delay of this
        // server's, not of the component's; real API servers send with TCP_NODELAY.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        receivedAt = new AtomicLongArray(capacity);
        firstTextAt = new AtomicLongArray(capacity);
        lastByteAt = new AtomicLongArray(capacity);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        // no executor: the handler runs on the server's dispatcher thread, the one that read the request. A hand-off
        // to a pool thread would be a wake-up of this server's, counted as the component's overhead.
        server.setExecutor(null);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The value for {@code spring.ai.openai.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The user message that makes request {@code number} recognisable to the server. */
    static String message(int number) {
        return "Say hello to " + MARKER_PREFIX + number + ", please.";
    }

    /** When request {@code number}'s handler started; 0 if it never arrived. */
    long receivedAt(int number) {
        return receivedAt.get(number);
    }

    /** When request {@code number}'s first chunk with text was flushed; 0 if never. */
    long firstTextAt(int number) {
        return firstTextAt.get(number);
    }

    /** When request {@code number}'s last byte was flushed; 0 if never. */
    long lastByteAt(int number) {
        return lastByteAt.get(number);
    }

    /** Requests whose number had arrived before (the component retried): their timings are not recorded. */
    int repeated() {
        return repeated.get();
    }

    /** Requests answered with an error: no marker, unknown number, wrong method, not streamed. */
    int rejected() {
        return rejected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher marker = MARKER.matcher(body);
            int number = marker.find() ? Integer.parseInt(marker.group(1)) : -1;
            if (!exchange.getRequestMethod().equals("POST") || !body.contains("\"stream\":true") || number < 0
                    || number >= receivedAt.length()) {
                rejected.incrementAndGet();
                reject(exchange);
                return;
            }
            boolean first = receivedAt.compareAndSet(number, 0, received);
            if (!first) {
                repeated.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < CHUNKS.size(); i++) {
                out.write(CHUNKS.get(i));
                out.flush();
                if (i == FIRST_TEXT_CHUNK && first) {
                    firstTextAt.set(number, System.nanoTime());
                }
            }
            // the body's last byte is the chunked encoding's terminator, which the client reads to the end of the
            // stream (the OpenAI SDK reads past [DONE] until the body ends): written here, not when the exchange closes
            out.close();
            if (first) {
                lastByteAt.set(number, System.nanoTime());
            }
        }
        catch (IOException e) {
            // the client went away; the benchmark counts the request as not answered
        }
    }

    private static void reject(HttpExchange exchange) throws IOException {
        byte[] error = ("{\"error\":{\"message\":\"the bench server answers only streamed POST requests whose "
                + "user message carries its marker\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(400, error.length);
        exchange.getResponseBody().write(error);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static List<byte[]> chunks() {
        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
        for (String piece : PIECES) {
            events.add(chunk("{\"content\":\"" + piece + "\"}", null));
        }
        events.add(chunk("{}", "stop"));
        events.add("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
                + "\"model\":\"" + MODEL + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":"
                + PIECES.size() + ",\"total_tokens\":" + (PROMPT_TOKENS + PIECES.size())
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                + "\"rejected_prediction_tokens\":0}}}\n\n");
        events.add("data: [DONE]\n\n");
        return events.stream().map(event -> event.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String chunk(String delta, @Nullable String finishReason) {
        return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
                + "\"model\":\"" + MODEL + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}\n\n";
    }
}
