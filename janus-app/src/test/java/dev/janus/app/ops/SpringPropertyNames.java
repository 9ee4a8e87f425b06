package dev.janus.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property the services know, read from the configuration metadata of the
 * classpath (Spring Boot's jars and the janus modules' generated metadata), so that an environment
 * variable in a deployment file can be checked to bind to a real property.
 */
final class SpringPropertyNames {

    /** A name with a list index in it: {@code janus.security.apikeys.0.key}. */
    private static final Pattern INDEXED = Pattern.compile("(.+?)\\.[0-9]+(\\..+)?");

    private final Set<String> properties = new HashSet<>();
    /** The names as the legacy form of environment variables gives them: a dash written as an underscore. */
    private final Set<String> legacyNames = new HashSet<>();
    private final Set<String> mapProperties = new HashSet<>();
    private final Set<String> listProperties = new HashSet<>();

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
                            legacyNames.add(property.path("name").asString().toLowerCase(Locale.ROOT).replace('-', '.'));
                            String type = property.path("type").asString("");
                            if (type.startsWith("java.util.Map")) {
                                mapProperties.add(name);
                            }
                            if (type.startsWith("java.util.List")) {
                                listProperties.add(name);
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
     * {@code JANUS_ORCHESTRATOR_JOINTIMEOUT} → {@code janus.orchestrator.join-timeout}, and the legacy form with
     * the dash as an underscore, {@code SPRING_AI_OPENAI_API_KEY} → {@code spring.ai.openai.api-key}); a map
     * property takes any key below it ({@code MANAGEMENT_METRICS_TAGS_APPLICATION}), a list property an
     * index and the fields of its element ({@code JANUS_SECURITY_APIKEYS_0_KEY}).
     */
    boolean binds(String variable) {
        String name = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        if (properties.contains(name) || legacyNames.contains(name)) {
            return true;
        }
        Matcher indexed = INDEXED.matcher(name);
        if (indexed.matches() && listProperties.contains(indexed.group(1))) {
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
