package dev.janus.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link LedgerConsumer} in its own JVM, started and ready to be killed with SIGKILL. */
final class ConsumerProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Process process;

    private ConsumerProcess(Process process) {
        this.process = process;
    }

    /** Starts one and returns once it has subscribed. */
    static ConsumerProcess start(String faultedUrl, String ledgerUrl, String name) throws IOException,
            InterruptedException {
        return start(faultedUrl, ledgerUrl, name, 5);
    }

    /** Starts one that dead-letters entries delivered {@code maxDeliveries} times. */
    static ConsumerProcess start(String faultedUrl, String ledgerUrl, String name, int maxDeliveries)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), LedgerConsumer.class.getName(), faultedUrl,
                ledgerUrl, name, Integer.toString(maxDeliveries)).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            }
            catch (IOException e) {
                // the process died, as it is meant to
            }
        }, "consumer-output-" + name);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if ("READY".equals(line)) {
                return new ConsumerProcess(process);
            }
            if (!process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("consumer " + name + " did not get ready; its output: " + lines);
    }

    /** Whether it still runs (a crashing message halts it). */
    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
