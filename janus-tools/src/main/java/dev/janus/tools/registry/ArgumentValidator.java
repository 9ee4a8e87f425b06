package dev.janus.tools.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.janus.events.Abbreviation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a call's arguments against its tool's JSON Schema with networknt's json-schema-validator (draft 2020-12 unless
 * the schema names another draft in {@code $schema}): every keyword, including {@code $ref} into the schema's own
 * {@code $defs}, {@code oneOf}, {@code anyOf}, {@code allOf}, {@code const}, as MCP servers' tool schemas use them.
 * Each problem names the field: {@code arguments.expression is required}, {@code arguments.value must be a number,
 * but was a string}, {@code arguments.count: must have a maximum value of 5}; at most {@value #MAX_PROBLEMS} are
 * reported.
 * <p>
 * Schemas come from MCP servers and are not trusted: a {@code $ref} to another document is never fetched (only the
 * JSON Schema meta-schemas, which the validator ships, are loaded); such a schema refuses the call with a problem
 * that says so. Patterns are matched in linear time ({@link LinearTimePatterns}). Compiled schemas are kept (tool
 * schemas do not change), at most {@value #MAX_SCHEMAS}. Thread-safe.
 */
public final class ArgumentValidator {

    static final int MAX_PROBLEMS = 10;
    static final int MAX_SCHEMAS = 1_024;
    private static final int MAX_REASON = 300;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.LEGACY)
                            .regularExpressionFactory(LinearTimePatterns.INSTANCE)
                            .build())
                    .schemaLoader(loader -> loader.block(iri -> !isMetaSchema(iri.toString()))));

    private final Map<String, Schema> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > MAX_SCHEMAS;
        }
    };

    /** The problems of {@code arguments} against {@code schema}; empty when they conform. */
    public List<String> problems(Map<String, Object> schema, Map<String, Object> arguments) {
        List<Error> errors;
        try {
            errors = compile(schema).validate(JSON.valueToTree(arguments));
        }
        catch (SchemaException e) {
            return List.of("the tool's schema cannot be applied, so the call is refused: " + reason(e));
        }
        List<String> problems = new ArrayList<>(Math.min(errors.size(), MAX_PROBLEMS));
        for (Error error : errors) {
            if (problems.size() == MAX_PROBLEMS) {
                break;
            }
            problems.add(describe(error));
        }
        return problems;
    }

    private Schema compile(Map<String, Object> schema) {
        String text = JSON.writeValueAsString(schema);
        synchronized (compiled) {
            Schema known = compiled.get(text);
            if (known != null) {
                return known;
            }
        }
        Schema fresh = registry.getSchema(JSON.readTree(text));
        synchronized (compiled) {
            compiled.put(text, fresh);
        }
        return fresh;
    }

    private static String describe(Error error) {
        String field = "arguments" + error.getInstanceLocation().toString().substring(1);
        return switch (error.getKeyword() == null ? "" : error.getKeyword()) {
            case "required" -> field + "." + error.getProperty() + " is required";
            case "additionalProperties", "unevaluatedProperties" -> field + "." + error.getProperty()
                    + " is not a parameter of this tool";
            case "type" -> field + " must be " + typeName(error.getArguments()[1]) + ", but was "
                    + typeName(error.getArguments()[0]);
            default -> field + ": " + error.getMessage();
        };
    }

    private static String typeName(Object type) {
        String name = String.valueOf(type);
        if (name.equals("null")) {
            return name;
        }
        return (!name.isEmpty() && "aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** JSON Schema's own meta-schemas, which the validator maps onto copies it ships: never fetched either. */
    private static boolean isMetaSchema(String iri) {
        return iri.startsWith("https://json-schema.org/") || iri.startsWith("http://json-schema.org/");
    }

    private static String reason(SchemaException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() instanceof java.io.FileNotFoundException missing) {
            message = "it refers to " + missing.getMessage() + ", which Janus does not load";
        }
        return Abbreviation.abbreviate(message, MAX_REASON);
    }
}
