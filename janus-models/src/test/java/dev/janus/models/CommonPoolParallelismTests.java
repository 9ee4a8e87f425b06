package dev.janus.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommonPoolParallelismTests {

    @Test
    void onTwoCoresAsynchronousStepsRunOnThePoolRatherThanOnAThreadEach() throws Exception {
        // given a JVM that sees two processors
        // when it ensures the parallelism first, or does not
        String ensured = probe(true);
        String left = probe(false);

        // then only the JVM that ensured it runs CompletableFuture's steps on the common pool
        assertThat(ensured).isEqualTo("parallelism=2 executor=ForkJoinPool");
        assertThat(left).isEqualTo("parallelism=1 executor=ThreadPerTaskExecutor");
    }

    private static String probe(boolean ensure) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                Boolean.toString(ensure)).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        }
        finally {
            process.destroyForcibly();
        }
    }

    /** Prints the common pool's parallelism and the executor CompletableFuture uses by default. */
    static final class Probe {

        public static void main(String[] args) {
            if (Boolean.parseBoolean(args[0])) {
                CommonPoolParallelism.ensure();
            }
            String executor = new CompletableFuture<Void>().defaultExecutor().getClass().getSimpleName();
            System.out.println("parallelism=" + CommonPoolParallelism.current() + " executor=" + executor);
        }
    }
}
