package dev.janus.app.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's {@code /ws/chat} socket: frames it receives go to the {@link ReplyPrinter} as they arrive; frames the
 * user's commands make are sent one at a time. {@link #closed()} completes when the server closes the socket or it
 * fails.
 */
final class ChatSocket implements WebSocket.Listener {

    private final ReplyPrinter printer;
    private final JsonMapper json = JsonMapper.builder().build();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private @Nullable WebSocket socket;
    private volatile boolean leaving;

    private ChatSocket(ReplyPrinter printer) {
        this.printer = printer;
    }

    /**
     * Opens {@code /ws/chat?stream_id=…[&user_id=…]} at {@code base}, with the key as a bearer token when given.
     */
    static ChatSocket open(HttpClient http, URI base, String streamId, @Nullable String userId, @Nullable String key,
            ReplyPrinter printer) {
        ChatSocket listener = new ChatSocket(printer);
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + base.getRawAuthority() + "/ws/chat?stream_id=" + encode(streamId)
                + (userId == null ? "" : "&user_id=" + encode(userId)));
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        listener.socket = builder.buildAsync(uri, listener).orTimeout(30, TimeUnit.SECONDS).join();
        return listener;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Sends {@code {"type":"message","text":…}}. */
    void message(String text) {
        send(json.createObjectNode().put("type", "message").put("text", text));
    }

    /** Sends {@code {"type":"interrupt"}}: stops the reply being generated and the running tools. */
    void interrupt() {
        send(json.createObjectNode().put("type", "interrupt"));
    }

    /** Sends {@code {"type":"feedback","suggestion_id":…,"feedback":"accepted|dismissed"}}. */
    void feedback(String suggestionId, String feedback) {
        send(json.createObjectNode().put("type", "feedback").put("suggestion_id", suggestionId)
                .put("feedback", feedback));
    }

    /** Completes with the reason when the socket is closed. */
    CompletableFuture<String> closed() {
        return closed;
    }

    /** Whether the client closes the socket itself (so its closing is no news to the user). */
    boolean leaving() {
        return leaving;
    }

    void close() {
        leaving = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
    }

    private synchronized void send(ObjectNode frame) {
        if (socket == null || socket.isOutputClosed()) {
            printer.line("  not connected: " + closed.getNow("the socket is closed"));
            return;
        }
        printer.sent(frame.get("type").stringValue());
        socket.sendText(json.writeValueAsString(frame), true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                printer.frame(json.readTree(text));
            }
            catch (JacksonException e) {
                printer.line("  (a frame that is not JSON: " + text.substring(0, Math.min(80, text.length())) + ")");
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete("closed by Janus (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("the connection failed: " + error.getMessage());
    }
}
