package dev.janus.orchestrator.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free loopback port that answers each request with the next scripted reply, in the
 * provider's wire format (the tests hold recorded response shapes), and records every request. A reply may stream
 * its chunks (SSE, NDJSON), flushing each, and may hang after its first chunks until {@link #close} (for timeouts
 * and cancellation). A request with no scripted reply left gets a 500.
 */
final class WireServer implements AutoCloseable {

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    WireServer then(Reply reply) {
        replies.add(reply);
        return this;
    }

    /** The next request received, waiting up to 10 s. */
    Request nextRequest() throws InterruptedException {
        Request request = requests.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the server received no request within 10 s");
        }
        return request;
    }

    /** How many requests arrived so far that were not taken by {@link #nextRequest}. */
    int pendingRequests() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("x-api-key")));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = Reply.json(500, "{\"error\":{\"message\":\"no scripted reply\"}}");
            }
            if (reply.status() == Reply.SILENCE) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), 0);
            OutputStream out = exchange.getResponseBody();
            for (String chunk : reply.chunks()) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (reply.hang()) {
                closing.await(60, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (IOException e) {
            // the client went away (a cancelled or timed-out stream)
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    /** A request as received. */
    record Request(String method, String path, String body, String authorization, String apiKey) {
    }

    /** One scripted reply. */
    record Reply(int status, Map<String, String> headers, String contentType, List<String> chunks, boolean hang) {

        /** The status of {@link #silence()}. */
        static final int SILENCE = 0;

        /** No answer at all: the server holds the request without sending a byte, headers included. */
        static Reply silence() {
            return new Reply(SILENCE, Map.of(), "text/event-stream", List.of(), true);
        }

        static Reply json(int status, String body) {
            return new Reply(status, Map.of(), "application/json", List.of(body), false);
        }

        static Reply sse(List<String> events) {
            return new Reply(200, Map.of(), "text/event-stream", events, false);
        }

        static Reply ndjson(List<String> lines) {
            return new Reply(200, Map.of(), "application/x-ndjson", lines, false);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, contentType, chunks, hang);
        }

        /** This reply, then the connection stays open without another byte. */
        Reply thenHang() {
            return new Reply(status, headers, contentType, chunks, true);
        }
    }
}
