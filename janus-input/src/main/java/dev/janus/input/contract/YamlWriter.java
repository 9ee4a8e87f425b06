package dev.janus.input.contract;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML, so the same tree always gives the
 * same text: a {@link LinkedHashMap} in its own order, any other map (whose order may change from run to run, as
 * {@code Map.of}'s does) in a fixed one. A string is written plain only when YAML cannot read it as anything else;
 * otherwise double-quoted with JSON's escapes, which YAML reads the same way.
 */
final class YamlWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9_./{}-]*");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private YamlWriter() {
    }

    static String write(Map<String, ?> tree) {
        StringBuilder yaml = new StringBuilder();
        map(yaml, tree, 0);
        return yaml.toString();
    }

    /** The order of the keys of maps without one of their own: JSON Schema's usual reading order, then by name. */
    private static final List<String> FIRST = List.of("$ref", "name", "title", "type", "const", "enum", "format",
            "minimum", "maximum", "description", "allOf", "properties", "required", "items", "additionalProperties");
    private static final Comparator<String> KEY_ORDER = Comparator
            .comparingInt((String key) -> FIRST.contains(key) ? FIRST.indexOf(key) : FIRST.size())
            .thenComparing(Comparator.naturalOrder());

    private static void map(StringBuilder yaml, Map<?, ?> map, int indent) {
        boolean first = true;
        List<? extends Map.Entry<?, ?>> entries = map instanceof LinkedHashMap<?, ?> ? List.copyOf(map.entrySet())
                : map.entrySet().stream().sorted(Comparator.comparing(entry -> String.valueOf(entry.getKey()),
                        KEY_ORDER)).toList();
        for (Map.Entry<?, ?> entry : entries) {
            if (!first || !yaml.isEmpty() && yaml.charAt(yaml.length() - 1) == '\n') {
                yaml.append(" ".repeat(indent));
            }
            first = false;
            yaml.append(key(String.valueOf(entry.getKey()))).append(':');
            value(yaml, entry.getValue(), indent);
        }
    }

    private static void value(StringBuilder yaml, Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            yaml.append('\n');
            map(yaml, map, indent + 2);
        }
        else if (value instanceof List<?> list && !list.isEmpty()) {
            yaml.append('\n');
            for (Object item : list) {
                yaml.append(" ".repeat(indent + 2)).append("- ");
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    map(yaml, map, indent + 4);
                }
                else {
                    yaml.append(scalar(item)).append('\n');
                }
            }
        }
        else {
            yaml.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String scalar(Object value) {
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        return PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(java.util.Locale.ROOT)) ? text
                : quoted(text);
    }

    private static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : quoted(key);
    }

    /** Double-quoted with JSON's escapes (Jackson's), which a YAML double-quoted scalar reads the same way. */
    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsCharArray(text)) + '"';
    }
}
