package dev.janus.app.ops;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's own service configuration, {@code <module>/src/main/resources/<module>.yml}: what the
 * deployment files must agree with (port, bind address placeholder, exposed actuator endpoints).
 */
record ServiceConfig(String module, Map<String, Object> yml, String text) {

    /** The six components that run as services. */
    static final List<String> MODULES = List.of("janus-input", "janus-orchestrator", "janus-memory", "janus-tools",
            "janus-output", "janus-proactive");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[^}]*)?}");

    static ServiceConfig of(String module) {
        String file = module + "/src/main/resources/" + module + ".yml";
        return new ServiceConfig(module, RepositoryFiles.yaml(file), RepositoryFiles.read(file));
    }

    static List<ServiceConfig> all() {
        return MODULES.stream().map(ServiceConfig::of).toList();
    }

    int port() {
        return ((Number) value("server.port")).intValue();
    }

    /** The component's short name: {@code janus-orchestrator} → {@code orchestrator}. */
    String component() {
        return module.substring("janus-".length());
    }

    /** The value at a dotted path of the yml, or null. */
    Object value(String dottedPath) {
        Object node = yml;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** Whether the yml reads this environment variable through a placeholder, such as {@code ${REDIS_URL:...}}. */
    boolean readsVariable(String name) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
