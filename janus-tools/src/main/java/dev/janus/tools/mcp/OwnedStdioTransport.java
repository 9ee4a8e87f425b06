package dev.janus.tools.mcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.janus.bus.process.OwnedProcess;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The transport of a stdio MCP connection, used instead of the SDK's {@code StdioClientTransport} so that Janus owns
 * the server process ({@link OwnedProcess}). Each {@link #connect} starts the server afresh (stopping one still
 * running); messages are newline-delimited JSON-RPC on its standard input and output, a line at most
 * {@value #MAX_LINE_BYTES} bytes (a longer one is dropped with a warning); what it writes to standard error is logged.
 * {@link #close()} stops the server as the MCP specification asks — input closed, then SIGTERM, then SIGKILL, each
 * after the grace — with the processes it started, and returns when it is gone. The SDK's transport only starts
 * a SIGTERM and returns, so a JVM that exits right after leaves the server running.
 */
final class OwnedStdioTransport implements McpClientTransport {

    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(OwnedStdioTransport.class);
    private static final int MAX_LOGGED_CHARS = 1_000;

    private final String name;
    private final ServerParameters parameters;
    private final McpJsonMapper json;
    private final Duration grace;
    private volatile @Nullable Connection connection;
    private volatile @Nullable String startFailure;

    OwnedStdioTransport(String name, ServerParameters parameters, McpJsonMapper json, Duration grace) {
        this.name = name;
        this.parameters = parameters;
        this.json = json;
        this.grace = grace;
    }

    /** Starts the server when subscribed to, in the subscriber's thread, so that messages sent next find it running. */
    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> open(handler));
    }

    private synchronized void open(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        stopServer();
        List<String> command = new ArrayList<>();
        command.add(parameters.getCommand());
        command.addAll(parameters.getArgs());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(parameters.getEnv());
        try {
            connection = new Connection(OwnedProcess.startServer("MCP server '" + name + "'", builder, grace), handler);
            startFailure = null;
        }
        catch (IOException e) {
            startFailure = "could not start " + parameters.getCommand() + ": " + e.getMessage();
            throw new UncheckedIOException("the MCP server '" + name + "' " + startFailure, e);
        }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        Connection current = connection;
        if (current == null) {
            String failure = startFailure;
            return Mono.error(new IllegalStateException("the MCP server '" + name + "' is not running"
                    + (failure == null ? "" : ": " + failure)));
        }
        return Mono.fromFuture(() -> current.send(message));
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.<Void>fromRunnable(this::close).subscribeOn(Schedulers.boundedElastic());
    }

    /** Stops the server and returns when it has exited (at most about three times the grace). */
    @Override
    public synchronized void close() {
        stopServer();
    }

    private void stopServer() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    /** One run of the server: its process and the threads on its streams. */
    private final class Connection {

        final OwnedProcess server;
        /** One thread writes, so messages keep their order and a server that stops reading blocks no caller. */
        final ExecutorService writer;

        Connection(OwnedProcess server, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
            this.server = server;
            String threads = "janus-mcp-" + name + "-" + server.pid();
            this.writer = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, threads + "-in"));
            daemon(() -> readLines(server.process().getInputStream(), line -> receive(line, handler)), threads + "-out")
                    .start();
            daemon(() -> readLines(server.process().getErrorStream(),
                    line -> log.info("MCP server '{}' says: {}", name, shorten(line))), threads + "-err").start();
        }

        CompletableFuture<Void> send(JSONRPCMessage message) {
            return CompletableFuture.runAsync(() -> {
                try {
                    byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                    OutputStream input = server.process().getOutputStream();
                    input.write(line);
                    input.flush();
                }
                catch (IOException e) {
                    throw new UncheckedIOException("could not write to the MCP server '" + name + "': "
                            + e.getMessage(), e);
                }
            }, writer);
        }

        void stop() {
            server.stop();
            writer.shutdownNow();
        }
    }

    private void receive(String line, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        if (line.isBlank()) {
            return;
        }
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, line);
        }
        catch (IOException | RuntimeException e) {
            log.warn("MCP server '{}' wrote a line that is not a JSON-RPC message; ignored: {}", name, shorten(line));
            return;
        }
        handler.apply(Mono.just(message)).subscribe(handled -> {
        }, error -> log.warn("MCP server '{}': handling its message failed: {}", name, error.toString()));
    }

    /** Hands each line of {@code stream} to {@code consumer} until the stream ends; never throws. */
    private void readLines(InputStream stream, Consumer<String> consumer) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        try (InputStream in = new BufferedInputStream(stream)) {
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    if (tooLong) {
                        log.warn("MCP server '{}' wrote a line longer than {} bytes; dropped", name, MAX_LINE_BYTES);
                    }
                    else {
                        deliver(consumer, line.toString(StandardCharsets.UTF_8).stripTrailing());
                    }
                    line.reset();
                    tooLong = false;
                }
                else if (line.size() >= MAX_LINE_BYTES) {
                    tooLong = true;
                    line.reset();
                }
                else if (!tooLong) {
                    line.write(b);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // the server stopped: its streams are closed
        }
    }

    private void deliver(Consumer<String> consumer, String line) {
        try {
            consumer.accept(line);
        }
        catch (RuntimeException e) {
            log.warn("MCP server '{}': a line it wrote could not be handled: {}", name, e.toString());
        }
    }

    /** The server's text as it may be logged: control characters (which could forge log lines) as '?', shortened. */
    private static String shorten(String text) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_LOGGED_CHARS + 1));
        for (int i = 0; i < text.length() && i < MAX_LOGGED_CHARS; i++) {
            char c = text.charAt(i);
            shown.append(Character.isISOControl(c) && c != '\t' ? '?' : c);
        }
        return text.length() <= MAX_LOGGED_CHARS ? shown.toString() : shown.append('…').toString();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
