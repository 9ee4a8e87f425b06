package dev.janus.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redis-server of the benchmark's own, on a free port of 127.0.0.1, without persistence, started as a child
 * process and stopped by {@link #close()} (or when the JVM exits), so a run never touches a shared Redis.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final Pattern CALLS = Pattern.compile("^cmdstat_[^:]+:calls=(\\d+)", Pattern.MULTILINE);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "redis-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a redis-server on a free port and waits until it answers PING; its output goes to {@code log}.
     *
     * @throws IllegalStateException when redis-server or redis-benchmark is not on the PATH, or the server does not
     *         answer within ten seconds
     */
    public static RedisServer start(Path log) throws IOException, InterruptedException {
        return start(log, List.of());
    }

    /**
     * Starts a redis-server as {@link #start(Path)} does, with extra arguments after the defaults (a replica's
     * {@code --replicaof}, a cluster node's {@code --cluster-enabled yes}, ...).
     */
    public static RedisServer start(Path log, List<String> extraArguments) throws IOException, InterruptedException {
        requireOnPath("redis-server");
        requireOnPath("redis-benchmark");
        int port = freePort();
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1", "--daemonize", "no", "--protected-mode", "yes"));
        command.addAll(extraArguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RedisServer server = new RedisServer(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (!server.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("redis-server on port " + port + " did not start within "
                        + START_TIMEOUT_MILLIS + " ms; see " + log.toAbsolutePath());
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Its URL for the bus, {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Empties every database of this private server, so each benchmark starts from nothing. */
    public void flushAll() throws IOException {
        command("FLUSHALL");
    }

    /** Sends one inline command and returns the first line of the reply; the server is private to the run. */
    public String command(String inline) throws IOException {
        return ask(inline, in -> {
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("redis-server on port " + port + " closed the connection on " + inline);
            }
            if (reply.startsWith("-")) {
                throw new IOException("redis-server refused " + inline + ": " + reply.substring(1));
            }
            return reply;
        });
    }

    /**
     * The commands this server has run since it started ({@code INFO commandstats}, the calls of every command summed;
     * a script's own commands are counted besides the script's call).
     */
    public long commandCalls() throws IOException {
        String stats = ask("INFO commandstats", in -> {
            String header = in.readLine();
            if (header == null || !header.startsWith("$") || header.startsWith("$-")) {
                throw new IOException("redis-server on port " + port + " answered INFO with " + header);
            }
            // the length counts bytes; INFO's text is ASCII, one character a byte
            char[] body = new char[Integer.parseInt(header.substring(1))];
            for (int read = 0; read < body.length; ) {
                int chunk = in.read(body, read, body.length - read);
                if (chunk < 0) {
                    throw new IOException("redis-server on port " + port + " closed the connection during INFO");
                }
                read += chunk;
            }
            return new String(body);
        });
        long calls = 0;
        Matcher call = CALLS.matcher(stats);
        while (call.find()) {
            calls += Long.parseLong(call.group(1));
        }
        return calls;
    }

    private <T> T ask(String inline, Reply<T> reply) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply.read(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)));
        }
    }

    /** Reads a reply of the server. */
    private interface Reply<T> {

        T read(BufferedReader in) throws IOException;
    }

    /** Stops the server (SIGTERM, then SIGKILL after two seconds). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook kills the process
        }
    }

    @Override
    public String toString() {
        return "redis-server pid " + process.pid() + " on 127.0.0.1:" + port + " (log " + log + ")";
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        }
        catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requireOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return;
            }
        }
        throw new IllegalStateException(program + " is not on the PATH (" + path + "). The Redis benchmarks start "
                + "their own Redis 7 server and run redis-benchmark: install them (Debian: apt-get install redis-server "
                + "redis-tools), or pick benchmarks that need no Redis, e.g. 'bus.memory'.");
    }
}
