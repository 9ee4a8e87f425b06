package dev.janus.processcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.janus.processes.ProcessFacts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The check run as surefire runs it: fixture classes launched on the JUnit Platform with extension autodetection,
 * so it is found through its service file.
 */
class LeftoverProcessCheckTests {

    /** Processes the fixtures started, so the tests can see what became of them. */
    static final List<Process> STARTED = new ArrayList<>();

    /** The failures of the containers and tests of {@code fixture}, run with autodetection on. */
    private static List<Throwable> run(Class<?> fixture) {
        STARTED.clear();
        List<Throwable> failures = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("junit.jupiter.extensions.autodetection.include",
                        LeftoverProcessCheck.class.getName())
                .configurationParameter(LeftoverProcessCheck.WAIT_PARAMETER, "1")
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        result.getThrowable().ifPresent(failures::add);
                    }
                });
        return failures;
    }

    private static Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        STARTED.add(process);
        return process;
    }

    @Test
    void failsAClassThatLeavesAProcessRunningNamingItsCommandAndStopsIt() {
        // when
        List<Throwable> failures = run(LeavesASleepRunning.class);

        // then
        assertThat(failures).singleElement().satisfies(failure -> assertThat(failure.getMessage())
                .contains(LeavesASleepRunning.class.getName() + " left 1 process(es) running")
                .contains("pid " + STARTED.get(0).pid() + ": ").contains("sleep 600"));
        assertThat(STARTED).noneMatch(process -> ProcessFacts.running(process.toHandle()));
    }

    @Test
    void passesAClassWhoseProcessesEndedAndChecksAtTheTopLevelOnly() {
        // when
        List<Throwable> failures = run(StopsItsProcesses.class);

        // then
        assertThat(failures).isEmpty();
        assertThat(STARTED).hasSize(2);
    }

    static class LeavesASleepRunning {

        @Test
        void startsSleep() throws Exception {
            start("sleep", "600");
        }
    }

    static class StopsItsProcesses {

        @Test
        void runsTrue() throws Exception {
            start("true").waitFor(10, TimeUnit.SECONDS);
        }

        @Nested
        class Inside {

            /** Runs while the outer class's process has not been stopped yet: the nested class is not checked. */
            @Test
            void startsSleepThatTheOuterClassStops() throws Exception {
                start("sleep", "600");
            }
        }

        @org.junit.jupiter.api.AfterAll
        static void stopSleep() throws Exception {
            for (Process process : STARTED) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
