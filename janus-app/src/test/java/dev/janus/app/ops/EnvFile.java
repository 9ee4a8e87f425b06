package dev.janus.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@code KEY=value} file as Docker Compose ({@code .env}, {@code env_file}) and kustomize's
 * {@code secretGenerator} read it: one assignment a line, {@code #} comments, values optionally quoted. The
 * assignments in comments ({@code # SPRING_AI_OPENAI_API_KEY=}) are what a user may switch on; they are kept
 * apart, so a test can check that they too bind to the services' configuration.
 *
 * @param values the assignments in force
 * @param commentedOut the names assigned only in comments
 */
record EnvFile(Map<String, String> values, Set<String> commentedOut) {

    static EnvFile read(String relative) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> commented = new TreeSet<>();
        for (String raw : RepositoryFiles.read(relative).split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String inComment = line.substring(1).strip();
                int equals = inComment.indexOf('=');
                if (equals > 0 && isName(inComment.substring(0, equals))) {
                    commented.add(inComment.substring(0, equals));
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0 || !isName(line.substring(0, equals))) {
                throw new AssertionError(relative + ": not an assignment: " + line);
            }
            values.put(line.substring(0, equals), unquote(line.substring(equals + 1).strip()));
        }
        commented.removeAll(values.keySet());
        return new EnvFile(Map.copyOf(values), Set.copyOf(commented));
    }

    /** The names whose value is empty: what the deployer must fill in. */
    Set<String> required() {
        Set<String> empty = new TreeSet<>();
        values.forEach((name, value) -> {
            if (value.isEmpty()) {
                empty.add(name);
            }
        });
        return empty;
    }

    /** These values with every empty one filled by {@code fill}. */
    Map<String, String> filled(Function<String, String> fill) {
        Map<String, String> filled = new LinkedHashMap<>(values);
        required().forEach(name -> filled.put(name, fill.apply(name)));
        return filled;
    }

    private static boolean isName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c))
                && !Character.isDigit(name.charAt(0));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
