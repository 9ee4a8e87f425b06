package dev.janus.app.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code janus.*} configuration metadata of every module on the class path: each module's
 * {@code META-INF/spring-configuration-metadata.json}, as the configuration processor wrote it (with the module's
 * additional metadata merged in).
 */
final class ConfigurationMetadata {

    static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

    private final List<URL> sources = new ArrayList<>();
    private final Map<String, Property> properties = new TreeMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, List<String>> hints = new TreeMap<>();

    private ConfigurationMetadata() {
    }

    /** The metadata of every jar and class folder on the test class path. */
    static ConfigurationMetadata onClassPath() {
        ConfigurationMetadata metadata = new ConfigurationMetadata();
        JsonMapper json = JsonMapper.builder().build();
        try {
            for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    metadata.add(url, json.readTree(in));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the class path", e);
        }
        return metadata;
    }

    private void add(URL url, JsonNode document) {
        boolean janus = false;
        for (JsonNode node : document.path("properties")) {
            String name = node.path("name").asString();
            if (name.startsWith("janus.")) {
                janus = true;
                JsonNode defaultValue = node.path("defaultValue");
                properties.put(name, new Property(name, node.path("type").asString(""), text(node, "description"),
                        defaultValue.isMissingNode() || defaultValue.isNull() ? null : defaultValue,
                        text(node, "sourceType")));
            }
        }
        for (JsonNode node : document.path("groups")) {
            String name = node.path("name").asString();
            if (name.startsWith("janus.")) {
                groups.add(new Group(name, node.path("type").asString(""), text(node, "sourceType"),
                        text(node, "sourceMethod")));
            }
        }
        for (JsonNode node : document.path("hints")) {
            String name = node.path("name").asString();
            if (name.startsWith("janus.")) {
                List<String> values = new ArrayList<>();
                node.path("values").forEach(value -> values.add(value.path("value").asString()));
                hints.put(name, values);
            }
        }
        if (janus) {
            sources.add(url);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    /** Where {@code janus.*} metadata was found: one per module with properties. */
    List<URL> sources() {
        return sources;
    }

    /** Every {@code janus.*} property by name. */
    Map<String, Property> properties() {
        return properties;
    }

    /** Every {@code janus.*} group: each {@code @ConfigurationProperties} class and its nested records. */
    List<Group> groups() {
        return groups;
    }

    /** The value hints by property name ({@code janus.llm.providers.keys} for a map's keys). */
    Map<String, List<String>> hints() {
        return hints;
    }

    /** The {@code @ConfigurationProperties} class that binds {@code property}, with its prefix. */
    Group topLevelGroupOf(Property property) {
        String source = property.sourceType();
        if (source == null) {
            throw new IllegalArgumentException(property.name() + " has no source type in the metadata");
        }
        String outer = source.contains("$") ? source.substring(0, source.indexOf('$')) : source;
        Group best = null;
        for (Group group : groups) {
            if (group.topLevel() && group.type().equals(outer) && property.name().startsWith(group.name() + ".")
                    && (best == null || group.name().length() > best.name().length())) {
                best = group;
            }
        }
        if (best == null) {
            throw new IllegalStateException(
                    "no @ConfigurationProperties group of " + outer + " holds " + property.name());
        }
        return best;
    }

    /**
     * One property.
     *
     * @param name its full name
     * @param type its Java type as the processor wrote it ({@code java.util.List<java.lang.String>})
     * @param description its description, from the javadoc or the additional metadata
     * @param defaultValue its default as the metadata states it: a string, number, boolean or array
     * @param sourceType the class that declares it
     */
    record Property(String name, String type, @Nullable String description, @Nullable JsonNode defaultValue,
            @Nullable String sourceType) {

        boolean hasDefault() {
            return defaultValue != null;
        }

        /** The default as a property value: an array's elements comma-separated. */
        String defaultAsPropertyValue() {
            if (defaultValue == null) {
                throw new IllegalStateException(name + " has no default");
            }
            if (defaultValue.isArray()) {
                List<String> elements = new ArrayList<>();
                defaultValue.forEach(element -> elements.add(element.asString()));
                return String.join(",", elements);
            }
            return defaultValue.asString();
        }

        boolean isMap() {
            return type.startsWith("java.util.Map");
        }

        boolean isList() {
            return type.startsWith("java.util.List") || type.startsWith("java.util.Set");
        }
    }

    /**
     * One group: a {@code @ConfigurationProperties} class (no source method) or a nested record of one.
     *
     * @param name its prefix
     * @param type the class bound to it
     * @param sourceType the class that declares it
     * @param sourceMethod the accessor of a nested group
     */
    record Group(String name, String type, @Nullable String sourceType, @Nullable String sourceMethod) {

        boolean topLevel() {
            return sourceMethod == null && type.equals(sourceType);
        }
    }
}
