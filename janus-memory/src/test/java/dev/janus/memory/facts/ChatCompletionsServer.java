package dev.janus.memory.facts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server speaking OpenAI's chat-completions JSON (the shape of a recorded real response), answering each
 * request with the next answer given to {@link #then}; without one it answers with an empty fact list. Records what
 * it was sent.
 */
public final class ChatCompletionsServer implements AutoCloseable {

    /** What a request carried. */
    public record Received(String method, String path, String authorization, String body) {
    }

    private record Answer(int status, String body, boolean hang) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);

    public ChatCompletionsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL as Spring AI's {@code spring.ai.openai.base-url} takes it: with {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next request is answered with a completion whose assistant text is {@code content}. */
    public ChatCompletionsServer thenAnswer(String content) {
        return then(200, completion(content));
    }

    /** The next request is answered with this status and body. */
    public ChatCompletionsServer then(int status, String body) {
        answers.add(new Answer(status, body, false));
        return this;
    }

    /** The next request gets no answer until the server closes. */
    public ChatCompletionsServer thenHang() {
        answers.add(new Answer(0, "", true));
        return this;
    }

    /** The next request received, waiting up to ten seconds. */
    public Received takeRequest() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no request reached the chat-completions server");
        }
        return next;
    }

    /** How many requests arrived so far and were not taken. */
    public int pendingRequests() {
        return received.size();
    }

    /** The JSON OpenAI answers a non-streamed chat completion with (recorded shape). */
    public static String completion(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-BmKx1a2b3c4d5e6f7g8h9i0j");
        root.put("object", "chat.completion");
        root.put("created", 1_750_000_000L);
        root.put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 182);
        usage.put("completion_tokens", 14);
        usage.put("total_tokens", 196);
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_34a54ae93c");
        return JSON.writeValueAsString(root);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    authorization == null ? "" : authorization, body));
            Answer answer = answers.poll();
            if (answer == null) {
                answer = new Answer(200, completion("[]"), false);
            }
            if (answer.hang()) {
                released.await(60, TimeUnit.SECONDS);
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
