package dev.janus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port, that the test may kill,
 * restart, pause and resume. Never the machine's shared Redis. Data lives in a temporary
 * directory, so a restart with AOF on finds it again.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final List<String> extraArguments;
    private @Nullable Process process;

    private RedisProcess(int port, Path directory, List<String> extraArguments) {
        this.port = port;
        this.directory = directory;
        this.extraArguments = extraArguments;
    }

    /** Starts a Redis without persistence. */
    public static RedisProcess start() {
        return start(List.of("--appendonly", "no"));
    }

    /** Starts a Redis with extra {@code redis-server} arguments, e.g. {@code --appendonly yes}. */
    public static RedisProcess start(List<String> extraArguments) {
        try {
            RedisProcess redis = new RedisProcess(freePort(), Files.createTempDirectory("janus-redis-"),
                    List.copyOf(extraArguments));
            redis.launch();
            return redis;
        }
        catch (IOException e) {
            throw new IllegalStateException(installHint(), e);
        }
    }

    /** Whether a {@code redis-server} binary is on the PATH. */
    public static boolean binaryAvailable() {
        try {
            Process probe = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The {@code redis://127.0.0.1:port} URL. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port it listens on; the same across restarts. */
    public int port() {
        return port;
    }

    /** The running server process. */
    ProcessHandle handle() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return running.toHandle();
    }

    /** Kills the server with SIGKILL, as a crash would. */
    public void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            waitFor(running);
            process = null;
        }
    }

    /** Starts the server again on the same port and directory (so an AOF is replayed). */
    public void restart() {
        kill();
        launch();
    }

    /** Freezes the server with SIGSTOP: it keeps its connections but answers nothing. */
    public void pause() {
        signal("STOP");
    }

    /** Thaws a paused server with SIGCONT. */
    public void resume() {
        signal("CONT");
    }

    @Override
    public void close() {
        kill();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--dir", directory.toString(), "--protected-mode", "no"));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        }
        catch (IOException e) {
            throw new IllegalStateException(installHint(), e);
        }
        Awaitility.await("redis-server on port " + port + " to answer PING")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(this::answersPing);
    }

    private boolean answersPing() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException("redis-server exited; see " + directory.resolve("redis.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException e) {
            return false;
        }
    }

    private void signal(String signal) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + running.pid() + " failed");
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("could not send SIG" + signal + " to redis-server", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String installHint() {
        return "No Redis for the tests: set REDIS_URL (e.g. redis://127.0.0.1:6379), start a Docker engine for "
                + "Testcontainers, or install redis-server (Debian/Ubuntu: apt-get install redis-server; "
                + "macOS: brew install redis)";
    }
}
