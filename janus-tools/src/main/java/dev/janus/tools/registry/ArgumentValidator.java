package dev.janus.tools.registry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Checks a call's arguments against its tool's JSON schema, for the keywords tools declare: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code enum}, {@code minimum},
 * {@code maximum}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code items}, {@code minItems},
 * {@code maxItems}. Other keywords (an MCP server may use more) are not checked here; the server checks them.
 * Each problem names the field: {@code arguments.expression is required}. A {@code pattern} is matched with RE2/J,
 * in time linear in the value (schemas come from MCP servers, values from models); a pattern RE2/J cannot run
 * (lookarounds, back-references) is left to the tool's server.
 */
public final class ArgumentValidator {

    /** Compiled schema patterns: schemas do not change, so each is compiled once, not per call. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private static final int MAX_PROBLEMS = 10;

    /** The problems of {@code arguments} against {@code schema}; empty when they conform. */
    public List<String> problems(Map<String, Object> schema, Map<String, Object> arguments) {
        List<String> problems = new ArrayList<>();
        check("arguments", schema, arguments, problems);
        return problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
    }

    private void check(String path, Map<?, ?> schema, Object value, List<String> problems) {
        Object type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            problems.add(path + " must be " + describe(type) + ", but was " + describeValue(value));
            return;
        }
        Object allowed = schema.get("enum");
        if (allowed instanceof Collection<?> values && values.stream().noneMatch(v -> sameValue(v, value))) {
            problems.add(path + " must be one of " + values + ", but was " + describeValue(value));
        }
        if (value instanceof Map<?, ?> object) {
            checkObject(path, schema, object, problems);
        }
        else if (value instanceof String text) {
            checkString(path, schema, text, problems);
        }
        else if (value instanceof Number number) {
            checkNumber(path, schema, number, problems);
        }
        else if (value instanceof List<?> list) {
            checkArray(path, schema, list, problems);
        }
    }

    private void checkObject(String path, Map<?, ?> schema, Map<?, ?> object, List<String> problems) {
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> map ? map : Map.of();
        if (schema.get("required") instanceof Collection<?> required) {
            for (Object name : required) {
                if (!object.containsKey(name) || object.get(name) == null) {
                    problems.add(path + "." + name + " is required");
                }
            }
        }
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String field = path + "." + entry.getKey();
            Object propertySchema = properties.get(entry.getKey());
            if (propertySchema instanceof Map<?, ?> nested) {
                if (entry.getValue() != null) {
                    check(field, nested, entry.getValue(), problems);
                }
            }
            else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                problems.add(field + " is not a parameter of this tool; it takes " + properties.keySet());
            }
        }
    }

    private void checkString(String path, Map<?, ?> schema, String text, List<String> problems) {
        if (schema.get("maxLength") instanceof Number max && text.length() > max.intValue()) {
            problems.add(path + " must be at most " + max + " characters, but was " + text.length());
        }
        if (schema.get("minLength") instanceof Number min && text.length() < min.intValue()) {
            problems.add(path + " must be at least " + min + " characters, but was " + text.length());
        }
        if (schema.get("pattern") instanceof String pattern) {
            try {
                if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
                    problems.add(path + " must match " + pattern);
                }
            }
            catch (PatternSyntaxException e) {
                // a schema we cannot read is the tool's business: its server validates its own patterns
            }
        }
    }

    private void checkNumber(String path, Map<?, ?> schema, Number number, List<String> problems) {
        BigDecimal value = decimal(number);
        if (schema.get("minimum") instanceof Number min && value.compareTo(decimal(min)) < 0) {
            problems.add(path + " must be at least " + min + ", but was " + number);
        }
        if (schema.get("maximum") instanceof Number max && value.compareTo(decimal(max)) > 0) {
            problems.add(path + " must be at most " + max + ", but was " + number);
        }
    }

    private void checkArray(String path, Map<?, ?> schema, List<?> list, List<String> problems) {
        if (schema.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
            problems.add(path + " must have at most " + max + " items, but had " + list.size());
        }
        if (schema.get("minItems") instanceof Number min && list.size() < min.intValue()) {
            problems.add(path + " must have at least " + min + " items, but had " + list.size());
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size() && problems.size() <= MAX_PROBLEMS; i++) {
                if (list.get(i) != null) {
                    check(path + "[" + i + "]", items, list.get(i), problems);
                }
            }
        }
    }

    private static boolean matchesType(Object type, Object value) {
        if (type instanceof Collection<?> types) {
            return types.stream().anyMatch(t -> matchesType(t, value));
        }
        return switch (String.valueOf(type)) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number number && isInteger(number);
            case "null" -> false;
            default -> true;
        };
    }

    private static boolean isInteger(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || number instanceof BigInteger) {
            return true;
        }
        BigDecimal value = decimal(number);
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static boolean sameValue(Object allowed, Object value) {
        if (allowed instanceof Number a && value instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        return allowed.equals(value);
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
    }

    private static String describe(Object type) {
        String name = String.valueOf(type);
        return switch (name) {
            case "object", "array", "integer" -> "an " + name;
            default -> type instanceof Collection<?> ? "one of " + type : "a " + name;
        };
    }

    private static String describeValue(Object value) {
        if (value instanceof String text) {
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
