package dev.janus.processcheck;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.janus.processes.ProcessFacts;
import dev.janus.processes.RedactedCommand;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a process running. Before each top-level test class it notes the descendants of
 * the test JVM; after the class, every descendant that appeared meanwhile must have exited (it gets 10 s, or the
 * seconds of the configuration parameter {@value #WAIT_PARAMETER}). One that has not is stopped (SIGTERM, then SIGKILL)
 * and the class fails with its pid and command line. A process meant to outlive test classes, such as the Redis
 * shared by a test run, is declared with {@link #outlivesTestClasses}.
 *
 * <p>Registered for every module through JUnit's extension autodetection: this module is on every module's test
 * classpath (through the testkit, or directly in {@code janus-events}, {@code janus-bus-api}, {@code janus-redis},
 * {@code janus-bus} and {@code janus-models}, which do not use the testkit), with {@code META-INF/services/org.junit.jupiter.api.extension.Extension} here and
 * {@code junit.jupiter.extensions.autodetection.enabled} in the parent pom's surefire configuration. A Spring test
 * context that starts processes (stdio MCP servers) must therefore be closed by its class
 * ({@code @DirtiesContext}). Processes whose parent died before the check were re-parented and are not seen.
 */
public final class LeftoverProcessCheck implements BeforeAllCallback, AfterAllCallback {

    /** Configuration parameter: how many seconds started processes get to exit after their class. */
    public static final String WAIT_PARAMETER = "janus.testkit.leftover-process-wait-seconds";

    private static final long DEFAULT_WAIT_SECONDS = 10;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            LeftoverProcessCheck.class);
    private static final Set<ProcessHandle> OUTLIVE_TEST_CLASSES = ConcurrentHashMap.newKeySet();

    /** Declares a process (and its descendants) that runs for the rest of the test JVM by design. */
    public static void outlivesTestClasses(ProcessHandle process) {
        OUTLIVE_TEST_CLASSES.add(process);
        process.descendants().forEach(OUTLIVE_TEST_CLASSES::add);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isTopLevel(context)) {
            context.getStore(NAMESPACE).put(ProcessHandle.class, descendants());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!isTopLevel(context)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<ProcessHandle> before = context.getStore(NAMESPACE).get(ProcessHandle.class, Set.class);
        if (before == null) {
            return;
        }
        List<ProcessHandle> started = ProcessHandle.current().descendants()
                .filter(process -> !before.contains(process) && !OUTLIVE_TEST_CLASSES.contains(process))
                .toList();
        if (started.isEmpty()) {
            return;
        }
        Duration wait = Duration.ofSeconds(context.getConfigurationParameter(WAIT_PARAMETER, Long::parseLong)
                .orElse(DEFAULT_WAIT_SECONDS));
        try {
            Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(50))
                    .until(() -> started.stream().noneMatch(ProcessFacts::running));
        }
        catch (ConditionTimeoutException e) {
            List<ProcessHandle> running = started.stream().filter(ProcessFacts::running).toList();
            String described = running.stream().map(LeftoverProcessCheck::describe)
                    .collect(Collectors.joining("\n  "));
            stop(running);
            throw new AssertionError(context.getRequiredTestClass().getName() + " left " + running.size()
                    + " process(es) running " + wait.toSeconds() + " s after its last test (stopped now):\n  "
                    + described);
        }
    }

    private static boolean isTopLevel(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty();
    }

    private static Set<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().collect(Collectors.toUnmodifiableSet());
    }

    private static String describe(ProcessHandle process) {
        List<String> command = ProcessFacts.commandLine(process);
        return "pid " + process.pid() + ": " + (command.isEmpty() ? "?" : RedactedCommand.of(command));
    }

    private static void stop(List<ProcessHandle> running) {
        running.forEach(ProcessHandle::destroy);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> running.stream().noneMatch(ProcessFacts::running));
        }
        catch (ConditionTimeoutException e) {
            running.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
