package dev.janus.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property the services know, read from the configuration metadata of the
 * classpath (Spring Boot's jars and the janus modules' generated metadata), so that an environment
 * variable in a deployment file can be checked to bind to a real property.
 */
final class SpringPropertyNames {

    private final Set<String> properties = new HashSet<>();
    private final Set<String> mapProperties = new HashSet<>();

    SpringPropertyNames() {
        JsonMapper json = JsonMapper.builder().build();
        for (String resource : new String[] {"META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json"}) {
            try {
                Enumeration<URL> urls = getClass().getClassLoader().getResources(resource);
                while (urls.hasMoreElements()) {
                    try (InputStream in = urls.nextElement().openStream()) {
                        JsonNode properties = json.readTree(in).path("properties");
                        for (JsonNode property : properties) {
                            String name = canonical(property.path("name").asString());
                            this.properties.add(name);
                            if (property.path("type").asString("").startsWith("java.util.Map")) {
                                mapProperties.add(name);
                            }
                        }
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Whether an environment variable binds to a known property (relaxed binding:
     * {@code JANUS_ORCHESTRATOR_JOIN_TIMEOUT} → {@code janus.orchestrator.join-timeout}); a map
     * property takes any key below it ({@code MANAGEMENT_METRICS_TAGS_APPLICATION}).
     */
    boolean binds(String variable) {
        String name = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        if (properties.contains(name)) {
            return true;
        }
        for (String map : mapProperties) {
            if (name.startsWith(map + ".")) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return properties.size();
    }

    /** The form relaxed binding compares: lower case, no dashes, no indexes. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "");
    }
}
