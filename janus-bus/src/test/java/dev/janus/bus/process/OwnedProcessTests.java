package dev.janus.bus.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.janus.processes.ProcessFacts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Real processes ({@code sh}, {@code cat}, {@code sleep}): how each kind of child is stopped, and that none is left. */
class OwnedProcessTests {

    private static final Duration GRACE = Duration.ofMillis(300);
    private static final String PIDS = "pids: ";

    private static OwnedProcess server(String script) throws Exception {
        return OwnedProcess.startServer("test server", new ProcessBuilder("sh", "-c", script), GRACE);
    }

    /** The process's descendants once it has started {@code count} of them. */
    private static List<ProcessHandle> descendants(OwnedProcess owned, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> owned.process().descendants().count() >= count);
        return owned.process().descendants().toList();
    }

    @Nested
    class Stopping {

        @Test
        void endsAStdioServerByClosingItsInput() throws Exception {
            // given
            OwnedProcess owned = OwnedProcess.startServer("cat", new ProcessBuilder("cat"), Duration.ofSeconds(30));

            // when
            int status = owned.stop();

            // then: cat exits at the end of its input, long before the grace is over
            assertThat(status).isZero();
            assertThat(owned.isAlive()).isFalse();
        }

        @Test
        void sendsSigtermToTheProcessAndItsDescendantsWhenItIgnoresItsInput() throws Exception {
            // given
            OwnedProcess owned = server("sleep 600 & wait");
            List<ProcessHandle> children = descendants(owned, 1);

            // when
            int status = owned.stop();

            // then
            assertThat(status).isEqualTo(128 + 15);
            assertThat(children).noneMatch(ProcessFacts::running);
        }

        @Test
        void killsWhatIgnoresSigterm() throws Exception {
            // given: sh and its sleep ignore SIGTERM
            OwnedProcess owned = server("trap '' TERM; sleep 600 & wait");
            List<ProcessHandle> children = descendants(owned, 1);

            // when
            int status = owned.stop();

            // then
            assertThat(status).isEqualTo(128 + 9);
            assertThat(children).noneMatch(ProcessFacts::running);
        }

        @Test
        void endsDescendantsThatOutliveTheProcess() throws Exception {
            // given: sh exits at the end of its input and leaves its sleep behind
            OwnedProcess owned = server("sleep 600 & read line");
            List<ProcessHandle> children = descendants(owned, 1);

            // when
            owned.stop();

            // then
            assertThat(owned.isAlive()).isFalse();
            assertThat(children).noneMatch(ProcessFacts::running);
        }

        @Test
        void answersAgainWithTheSameStatusOnceStopped() throws Exception {
            // given
            OwnedProcess owned = server("sleep 600 & wait");
            int first = owned.stop();

            // when
            int second = owned.stop();

            // then
            assertThat(second).isEqualTo(first);
        }

        @Test
        void returnsTheStatusOfAProcessThatEndedOnItsOwn() throws Exception {
            // given
            OwnedProcess owned = OwnedProcess.startTask("exit 3", new ProcessBuilder("sh", "-c", "exit 3"), GRACE);
            owned.process().waitFor(10, TimeUnit.SECONDS);

            // when
            int status = owned.stop();

            // then
            assertThat(status).isEqualTo(3);
        }
    }

    @Nested
    class WhenTheJvmExits {

        @Test
        void itsShutdownHookStopsWhatNoOwnerStopped() throws Exception {
            // given: a JVM that starts a server ignoring its input and SIGTERM, with a child, then exits without stopping it
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    UnstoppedServer.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<ProcessHandle> server;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String pids = out.lines().filter(line -> line.startsWith(PIDS)).findFirst().orElseThrow()
                        .substring(PIDS.length());
                server = Arrays.stream(pids.split(" ")).map(Long::parseLong).map(ProcessHandle::of)
                        .flatMap(Optional::stream).toList();
            }

            // when
            boolean exited = jvm.waitFor(60, TimeUnit.SECONDS);

            // then
            assertThat(exited).isTrue();
            assertThat(server).hasSize(2);
            assertThat(server).noneMatch(ProcessFacts::running);
        }
    }

    /** The JVM of {@link WhenTheJvmExits}: prints the pids of its server and the server's child, then ends. */
    static final class UnstoppedServer {

        public static void main(String[] args) throws Exception {
            OwnedProcess owned = OwnedProcess.startServer("unstopped server",
                    new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 600 & wait"), Duration.ofMillis(200));
            List<ProcessHandle> children = descendants(owned, 1);
            System.out.println(PIDS + owned.pid() + " " + children.get(0).pid());
            System.out.flush();
        }
    }
}
