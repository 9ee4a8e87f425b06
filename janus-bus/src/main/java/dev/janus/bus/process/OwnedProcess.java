package dev.janus.bus.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.janus.processes.ProcessFacts;
import dev.janus.processes.RedactedCommand;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A child process that Janus started and answers for: {@link #stop()} ends it and every process it started, in
 * bounded time — its standard input is closed (a stdio server's signal to exit), then after {@code grace} it and its
 * descendants get SIGTERM, then after {@code grace} again SIGKILL. A JVM shutdown hook stops every owned process
 * that is still running when the JVM exits, so none outlives Janus even where no owner closed it (a context that
 * was never closed, {@code System.exit}). Start, exit and stop are logged with the command, redacted
 * ({@link RedactedCommand}), and the exit status.
 *
 * <p>Thread-safe. {@link #stop()} blocks up to about three times {@code grace} and may be called any number of
 * times from any thread; later calls wait for the first and return its result.
 */
public final class OwnedProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedProcess.class);
    private static final Set<OwnedProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    /** How often descendants, which are not this JVM's children and have no exit to wait on, are looked at. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static volatile boolean jvmExiting;

    private final Process process;
    private final String purpose;
    private final String command;
    private final Duration grace;
    private final boolean server;
    private @Nullable Integer exitStatus;
    private volatile boolean stopping;

    private OwnedProcess(Process process, String purpose, String command, Duration grace, boolean server) {
        this.process = process;
        this.purpose = purpose;
        this.command = command;
        this.grace = grace;
        this.server = server;
    }

    /**
     * Starts a process meant to run until it is stopped, such as a stdio MCP server: its start and stop are logged
     * at INFO and an exit of its own accord at WARN.
     *
     * @param purpose what it is, for the log, e.g. {@code MCP server 'files'}
     * @param grace how long it gets to exit after its input is closed, and again after SIGTERM
     * @throws IOException when the command cannot be started
     */
    public static OwnedProcess startServer(String purpose, ProcessBuilder builder, Duration grace) throws IOException {
        return start(purpose, builder, grace, true);
    }

    /**
     * Starts a process that does one job and exits, such as one {@code espeak-ng} run: logged at DEBUG unless it has
     * to be stopped.
     *
     * @param purpose what it is, for the log, e.g. {@code espeak-ng}
     * @param grace how long it gets to exit after its input is closed, and again after SIGTERM, when stopped
     * @throws IOException when the command cannot be started
     */
    public static OwnedProcess startTask(String purpose, ProcessBuilder builder, Duration grace) throws IOException {
        return start(purpose, builder, grace, false);
    }

    private static OwnedProcess start(String purpose, ProcessBuilder builder, Duration grace, boolean server)
            throws IOException {
        installShutdownHook();
        if (jvmExiting) {
            throw new IOException("not starting " + purpose + ": the JVM is shutting down");
        }
        String command = RedactedCommand.of(builder.command());
        OwnedProcess owned = new OwnedProcess(builder.start(), purpose, command, grace, server);
        RUNNING.add(owned);
        log.atLevel(server ? Level.INFO : Level.DEBUG).log("Started {} (pid {}): {}", purpose, owned.pid(), command);
        owned.process.onExit().thenRun(owned::exitedOnItsOwn);
        return owned;
    }

    /** The process, for its standard streams. */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its command as logged: redacted and shortened. */
    public String command() {
        return command;
    }

    /**
     * Stops the process and its descendants (see the class comment) and returns its exit status; returns at once
     * when it has exited already. An interrupt skips the waiting and kills at once; the interrupt flag stays set.
     */
    public synchronized int stop() {
        if (exitStatus != null) {
            return exitStatus;
        }
        if (!process.isAlive()) {
            // it ended on its own, and exitedOnItsOwn logs that
            RUNNING.remove(this);
            exitStatus = process.exitValue();
            return exitStatus;
        }
        stopping = true;
        Set<ProcessHandle> family = new LinkedHashSet<>(process.descendants().toList());
        closeInput();
        String how = "exited after its input was closed";
        boolean signalled = !exited(grace);
        if (signalled) {
            family.addAll(process.descendants().toList());
            process.destroy();
            family.forEach(ProcessHandle::destroy);
            how = "exited after SIGTERM";
            if (!exited(grace)) {
                family.addAll(process.descendants().toList());
                process.destroyForcibly();
                family.forEach(ProcessHandle::destroyForcibly);
                how = "killed with SIGKILL";
                exited(grace);
            }
        }
        endLeftovers(family);
        RUNNING.remove(this);
        int status = process.isAlive() ? -1 : process.exitValue();
        exitStatus = status;
        log.atLevel(signalled ? Level.WARN : server ? Level.INFO : Level.DEBUG)
                .log("Stopped {} (pid {}): {} with status {}: {}", purpose, pid(), how, status, command);
        return status;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void closeInput() {
        try {
            process.getOutputStream().close();
        }
        catch (IOException e) {
            // the process closed its end already
        }
    }

    private boolean exited(Duration timeout) {
        if (Thread.currentThread().isInterrupted()) {
            return !process.isAlive();
        }
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * Descendants still running once the process has exited (re-parented when it died, or not yet done with the
     * SIGTERM they got) get SIGTERM and, after {@code grace}, SIGKILL.
     */
    private void endLeftovers(Set<ProcessHandle> family) {
        List<ProcessHandle> alive = new ArrayList<>(family.stream().filter(ProcessFacts::running).toList());
        if (alive.isEmpty()) {
            return;
        }
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (alive.stream().anyMatch(ProcessFacts::running) && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        alive.removeIf(handle -> !ProcessFacts.running(handle));
        alive.forEach(ProcessHandle::destroyForcibly);
        if (!alive.isEmpty()) {
            log.warn("Killed {} process(es) that {} (pid {}) had started and left running: pids {}", alive.size(),
                    purpose, pid(), alive.stream().map(ProcessHandle::pid).toList());
        }
    }

    private void exitedOnItsOwn() {
        if (stopping) {
            return;
        }
        RUNNING.remove(this);
        int status = process.exitValue();
        log.atLevel(server ? Level.WARN : status == 0 ? Level.DEBUG : Level.INFO)
                .log("{} (pid {}) exited with status {}: {}", purpose, pid(), status, command);
    }

    private static void installShutdownHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(OwnedProcess::stopAll, "janus-owned-processes-stop"));
        }
    }

    /** Stops every owned process still running, all at once: the JVM is exiting. */
    private static void stopAll() {
        jvmExiting = true;
        List<Thread> stoppers = RUNNING.stream().map(owned -> {
            Thread thread = new Thread(owned::stop, "janus-stop-" + owned.pid());
            thread.start();
            return thread;
        }).toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
