package dev.janus.tools.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON schema of a tool's arguments: an object with typed properties, some required, no others
 * allowed. The result is a plain map, as {@link dev.janus.events.ToolDefinition} and function-calling models
 * take it.
 */
public final class ParametersSchema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private ParametersSchema() {
    }

    /** An empty object schema to add properties to. */
    public static ParametersSchema object() {
        return new ParametersSchema();
    }

    /** Adds a property the call must give. */
    public ParametersSchema required(String name, Property property) {
        properties.put(name, property.schema());
        required.add(name);
        return this;
    }

    /** Adds a property the call may give. */
    public ParametersSchema optional(String name, Property property) {
        properties.put(name, property.schema());
        return this;
    }

    /** The schema as a map. */
    public Map<String, Object> build() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.copyOf(properties));
        schema.put("required", List.copyOf(required));
        schema.put("additionalProperties", false);
        return java.util.Collections.unmodifiableMap(schema);
    }

    /** The schema of one property. */
    public static final class Property {

        private final Map<String, Object> schema = new LinkedHashMap<>();

        private Property(String type, String description) {
            schema.put("type", type);
            schema.put("description", description);
        }

        public static Property string(String description) {
            return new Property("string", description);
        }

        public static Property number(String description) {
            return new Property("number", description);
        }

        public static Property integer(String description) {
            return new Property("integer", description);
        }

        public Property maxLength(int value) {
            schema.put("maxLength", value);
            return this;
        }

        public Property minimum(Number value) {
            schema.put("minimum", value);
            return this;
        }

        public Property maximum(Number value) {
            schema.put("maximum", value);
            return this;
        }

        public Property enumOf(List<String> values) {
            schema.put("enum", List.copyOf(values));
            return this;
        }

        Map<String, Object> schema() {
            return Map.copyOf(schema);
        }
    }
}
