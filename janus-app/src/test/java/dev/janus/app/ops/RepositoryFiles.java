package dev.janus.app.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's deployment files (docker-compose.yml, k8s/, ops/), found from the module's working directory. */
public final class RepositoryFiles {

    private static final Path ROOT = findRoot();

    private RepositoryFiles() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative + " under " + ROOT, e);
        }
    }

    /** A YAML document as maps and lists (anchors and merge keys resolved, as docker compose does). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(read(relative));
    }

    /** Every regular file under a folder, as paths relative to the repository root. */
    static List<String> filesUnder(String folder) {
        try (Stream<Path> files = Files.walk(path(folder))) {
            return files.filter(Files::isRegularFile).map(file -> ROOT.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("docker-compose.yml")) && Files.exists(candidate.resolve("janus-bus"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with docker-compose.yml and janus-bus/) above " + dir);
    }
}
