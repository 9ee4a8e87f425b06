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
 * A real HTTP server on a free loopback port speaking the non-streamed chat APIs of the three providers in their wire
 * formats (shapes of recorded real responses): OpenAI's {@code POST /v1/chat/completions}, Ollama's
 * {@code POST /api/chat} and Anthropic's {@code POST /v1/messages}. It answers each request with the next scripted
 * reply, a request with none left with a 500, and records what it was sent.
 */
public final class ChatApiServer implements AutoCloseable {

    /** What a request carried. */
    public record Received(String method, String path, String authorization, String apiKey, String body) {
    }

    private record Reply(int status, String body, boolean hang) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);

    public ChatApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request is answered with this status and JSON body. */
    public ChatApiServer then(int status, String body) {
        replies.add(new Reply(status, body, false));
        return this;
    }

    /** The next request gets no answer until the server closes. */
    public ChatApiServer thenHang() {
        replies.add(new Reply(0, "", true));
        return this;
    }

    /** The next request received, waiting up to ten seconds. */
    public Received takeRequest() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no request reached the chat API server");
        }
        return next;
    }

    /** How many requests arrived so far and were not taken. */
    public int pendingRequests() {
        return received.size();
    }

    /** OpenAI's answer to a non-streamed chat completion whose assistant text is {@code content}. */
    public static String openAiCompletion(String content) {
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

    /** OpenAI's error body. */
    public static String openAiError(String type, String message) {
        return "{\"error\":{\"message\":" + JSON.writeValueAsString(message) + ",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}";
    }

    /** Ollama's answer to a non-streamed {@code /api/chat} whose assistant text is {@code content}. */
    public static String ollamaChat(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "llama3.2");
        root.put("created_at", "2025-03-10T12:31:23.3452Z");
        ObjectNode message = root.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        root.put("done_reason", "stop");
        root.put("done", true);
        root.put("total_duration", 783_459_792L);
        root.put("load_duration", 21_645_792L);
        root.put("prompt_eval_count", 26);
        root.put("prompt_eval_duration", 134_000_000L);
        root.put("eval_count", 14);
        root.put("eval_duration", 626_000_000L);
        return JSON.writeValueAsString(root);
    }

    /** Ollama's error body. */
    public static String ollamaError(String message) {
        return "{\"error\":" + JSON.writeValueAsString(message) + "}";
    }

    /** Anthropic's answer to a non-streamed {@code /v1/messages} whose text is {@code text}. */
    public static String anthropicMessage(String text) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_01XFDUDYJgAACzvnptvVoYEL");
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", "claude-sonnet-4-5-20250929");
        ObjectNode content = root.putArray("content").addObject();
        content.put("type", "text");
        content.put("text", text);
        root.put("stop_reason", "end_turn");
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", 182);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", 14);
        return JSON.writeValueAsString(root);
    }

    /** Anthropic's error body. */
    public static String anthropicError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + JSON.writeValueAsString(message) + "}}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String apiKey = exchange.getRequestHeaders().getFirst("x-api-key");
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    authorization == null ? "" : authorization, apiKey == null ? "" : apiKey, body));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = new Reply(500, "{\"error\":{\"message\":\"no scripted reply\"}}", false);
            }
            if (reply.hang()) {
                released.await(60, TimeUnit.SECONDS);
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (IOException e) {
            // the client went away (a timed-out request)
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
