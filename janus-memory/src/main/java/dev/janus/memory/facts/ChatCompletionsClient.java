package dev.janus.memory.facts;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One plain, non-streamed request to an OpenAI-compatible {@code POST /chat/completions}: a system and a user message
 * in, the assistant's text out, with {@code temperature: 0}. The whole exchange (connecting, waiting, reading) gets one
 * timeout and the reply one size limit. Thread-safe.
 */
final class ChatCompletionsClient {

    /** The most bytes of a reply read; a list of a few facts is far below. */
    static final int MAX_REPLY_BYTES = 256 * 1024;
    private static final int MAX_ERROR_DETAIL = 300;

    private final OpenAiChatEndpoint endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    ChatCompletionsClient(OpenAiChatEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The assistant's answer to {@code user} under {@code system}.
     *
     * @throws ChatCompletionException for a timeout, a connection failure, an HTTP error, or a reply without text
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    String complete(String system, String user) throws InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("model", endpoint.model());
        body.put("temperature", 0);
        body.put("stream", false);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.chatCompletions())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
        if (!endpoint.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request.build(), info -> new BoundedBody());
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ChatCompletionException("no answer within " + timeout.toMillis() + " ms", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof ChatCompletionException failure) {
                throw failure;
            }
            throw new ChatCompletionException("request to " + endpoint.chatCompletions() + " failed: "
                    + e.getCause(), e.getCause());
        }
        catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            throw new ChatCompletionException("HTTP " + response.statusCode() + " from " + endpoint.chatCompletions()
                    + ": " + errorDetail(response.body()));
        }
        return answerOf(response.body());
    }

    private String answerOf(String reply) {
        JsonNode content;
        try {
            content = json.readTree(reply).path("choices").path(0).path("message").path("content");
        }
        catch (JacksonException e) {
            throw new ChatCompletionException("the reply is not chat-completion JSON", e);
        }
        if (!content.isString()) {
            throw new ChatCompletionException("the reply has no choices[0].message.content text");
        }
        return content.asString();
    }

    /** The server's own error message ({@code {"error":{"message":…}}}) or the start of the body: it says what to fix. */
    private String errorDetail(String body) {
        String detail = body;
        try {
            JsonNode message = json.readTree(body).path("error").path("message");
            if (message.isString()) {
                detail = message.asString();
            }
        }
        catch (JacksonException e) {
            // not JSON: the body as it is
        }
        detail = detail.strip().replaceAll("\\s+", " ");
        return detail.length() > MAX_ERROR_DETAIL ? detail.substring(0, MAX_ERROR_DETAIL) + "…" : detail;
    }

    /** The body as text, failing the exchange (and cancelling it) once it is larger than {@link #MAX_REPLY_BYTES}. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.@Nullable Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + buffer.remaining() > MAX_REPLY_BYTES) {
                    body.completeExceptionally(new ChatCompletionException("the reply is larger than "
                            + MAX_REPLY_BYTES + " bytes"));
                    if (subscription != null) {
                        subscription.cancel();
                    }
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** Why a chat completion gave no answer; the message names the cause and never carries the key or the user's text. */
    static final class ChatCompletionException extends RuntimeException {

        ChatCompletionException(String message) {
            super(message);
        }

        ChatCompletionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
