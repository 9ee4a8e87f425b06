package dev.janus.app.ops;

import java.util.Locale;
import java.util.Map;

/**
 * Which component a {@code JANUS_<COMPONENT>_...} variable configures, so a deployment file never
 * sets one component's setting on another (where it would silently do nothing).
 */
final class ConfigurationOwnership {

    /** Setting prefixes owned by a component other than the one named in the prefix. */
    private static final Map<String, String> OWNERS = Map.of("llm", "orchestrator");

    private ConfigurationOwnership() {
    }

    static boolean belongsTo(String variable, ServiceConfig service) {
        String[] parts = variable.toLowerCase(Locale.ROOT).split("_");
        if (parts.length < 3 || !parts[0].equals("janus") || parts[1].equals("bus") || parts[1].equals("bind")) {
            return true;
        }
        String owner = OWNERS.getOrDefault(parts[1], parts[1]);
        boolean namesAComponent = ServiceConfig.MODULES.contains("janus-" + owner);
        return !namesAComponent || owner.equals(service.component());
    }
}
