package dev.janus.input.contract;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.janus.events.EventContent;
import dev.janus.events.EventType;
import org.jspecify.annotations.Nullable;

/**
 * JSON Schemas of records as they are on the wire, derived by reflection: a component's JSON name is its
 * {@link JsonProperty} name or else its name in snake_case (as {@code EventCodec} and the frames write them),
 * it is required unless {@link Nullable}, described by {@link JsonPropertyDescription}; records it refers to are
 * collected under the names {@code nameOf} gives them, so each appears once in the document.
 */
final class RecordSchemas {

    private final Map<String, Object> schemas = new LinkedHashMap<>();
    private final Function<Class<?>, String> nameOf;

    RecordSchemas(Function<Class<?>, String> nameOf) {
        this.nameOf = nameOf;
    }

    /** The collected schemas, by name, in the order they were first referred to. */
    Map<String, Object> schemas() {
        return schemas;
    }

    /** A reference to the schema of {@code record}, collecting it (and what it refers to) first. */
    Map<String, Object> ref(Class<?> record) {
        return ref(record, Map.of());
    }

    /** Like {@link #ref(Class)}, with extra properties first (a frame's {@code type} constant). */
    Map<String, Object> ref(Class<?> record, Map<String, Object> leading) {
        String name = nameOf.apply(record);
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of()); // a placeholder, so a record that refers to itself ends
            schemas.put(name, schema(record, leading));
        }
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private Map<String, Object> schema(Class<?> record, Map<String, Object> leading) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        JsonClassDescription description = record.getAnnotation(JsonClassDescription.class);
        if (description != null) {
            schema.put("description", description.value());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        leading.forEach((name, property) -> {
            properties.put(name, property);
            required.add(name);
        });
        for (RecordComponent component : record.getRecordComponents()) {
            String name = wireName(component);
            Map<String, Object> property = typeSchema(component.getGenericType());
            JsonPropertyDescription meaning = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
            if (meaning != null) {
                property = described(property, meaning.value());
            }
            properties.put(name, property);
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                required.add(name);
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    /** A description beside a {@code $ref} is ignored by JSON Schema draft 7, so a reference is wrapped. */
    private static Map<String, Object> described(Map<String, Object> property, String description) {
        // a plain map: its keys are written in YamlWriter's fixed order
        Map<String, Object> described = new HashMap<>();
        described.put("description", description);
        if (property.containsKey("$ref")) {
            described.put("allOf", List.of(property));
        }
        else {
            described.putAll(property);
        }
        return described;
    }

    private Map<String, Object> typeSchema(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", typeSchema(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return arguments[1] == Object.class ? Map.of("type", "object")
                        : Map.of("type", "object", "additionalProperties", typeSchema(arguments[1]));
            }
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalStateException("no JSON schema for " + type + "; add one to RecordSchemas");
        }
        if (cls == String.class) {
            return Map.of("type", "string");
        }
        if (cls == int.class || cls == long.class || cls == Integer.class || cls == Long.class) {
            return Map.of("type", "integer");
        }
        if (cls == double.class || cls == float.class || cls == Double.class || cls == Float.class) {
            return Map.of("type", "number");
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (cls == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (cls == byte[].class) {
            return Map.of("type", "string", "contentEncoding", "base64");
        }
        if (cls == EventType.class) {
            return Map.of("type", "string", "enum",
                    Arrays.stream(EventType.values()).map(EventType::wireName).toList());
        }
        if (cls == EventContent.class) {
            return Map.of("type", "object", "description", "the content record of the event type");
        }
        if (cls.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(cls.getFields()).filter(Field::isEnumConstant)
                    .map(RecordSchemas::enumWireName).toList());
        }
        if (cls.isRecord()) {
            return ref(cls);
        }
        throw new IllegalStateException("no JSON schema for " + cls.getName() + "; add one to RecordSchemas");
    }

    /** A component's name on the wire: its {@link JsonProperty} name, else its name in snake_case. */
    static String wireName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            try {
                property = component.getDeclaringRecord().getDeclaredField(component.getName())
                        .getAnnotation(JsonProperty.class);
            }
            catch (NoSuchFieldException e) {
                throw new IllegalStateException("a record has a field per component", e);
            }
        }
        if (property != null && !property.value().isEmpty()) {
            return property.value();
        }
        StringBuilder snake = new StringBuilder();
        for (char c : component.getName().toCharArray()) {
            snake.append(Character.isUpperCase(c) ? "_" + Character.toLowerCase(c) : String.valueOf(c));
        }
        return snake.toString();
    }

    private static String enumWireName(Field constant) {
        JsonProperty property = constant.getAnnotation(JsonProperty.class);
        return property != null ? property.value() : constant.getName().toLowerCase(Locale.ROOT);
    }
}
