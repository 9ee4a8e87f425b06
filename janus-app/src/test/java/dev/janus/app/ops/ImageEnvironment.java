package dev.janus.app.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment ops/docker/Dockerfile bakes into every component's image ({@code ENV} lines, with the build
 * argument {@code PORT} as docker-compose.yml passes it): beneath what Compose or Kubernetes add.
 */
final class ImageEnvironment {

    private ImageEnvironment() {
    }

    static Map<String, String> of(ServiceConfig service) {
        String dockerfile = RepositoryFiles.read("ops/docker/Dockerfile").replace("\\\n", " ");
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : dockerfile.split("\n")) {
            if (!line.startsWith("ENV ")) {
                continue;
            }
            for (String assignment : words(line.substring(4))) {
                int equals = assignment.indexOf('=');
                environment.put(assignment.substring(0, equals),
                        assignment.substring(equals + 1).replace("${PORT}", Integer.toString(service.port())));
            }
        }
        return environment;
    }

    /** Whitespace-separated words, a double-quoted one kept whole (without its quotes). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            }
            else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
