package dev.janus.app.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own checker, {@code promtool} (Debian package {@code prometheus}). Under CI
 * ({@code CI=true}, where .ci/run installs it) a missing promtool fails the test with the way to
 * install it; elsewhere the test is skipped.
 */
public final class Promtool {

    private static final String INSTALL = "promtool is not installed: `apt-get install -y prometheus` (Debian) "
            + "or put Prometheus' promtool on the PATH";

    /** What promtool printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** The promtool on the PATH; fails under CI, skips the test elsewhere, when there is none. */
    public static Promtool required() {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        if (found == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(INSTALL);
            }
            Assumptions.abort(INSTALL);
        }
        return new Promtool(found);
    }

    /** Runs promtool with the arguments, in the repository root, feeding {@code stdin} when given. */
    public Result run(String stdin, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        try {
            Path input = Files.createTempFile("promtool", ".txt");
            Files.writeString(input, stdin == null ? "" : stdin);
            Process process = new ProcessBuilder(command).directory(RepositoryFiles.root().toFile())
                    .redirectErrorStream(true).redirectInput(input.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool " + arguments[0] + " did not finish in 60 s");
            }
            Files.deleteIfExists(input);
            return new Result(process.exitValue(), output);
        }
        catch (IOException e) {
            throw new AssertionError("could not run promtool: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while promtool ran", e);
        }
    }
}
