package dev.janus.app.ops;

import java.util.Map;

/**
 * Docker Compose's interpolation of {@code ${...}} in the compose file, in plain code: {@code $$} is a dollar,
 * {@code $NAME} and {@code ${NAME}} the value (empty when unset), {@code ${NAME:-default}} / {@code ${NAME-default}}
 * a default when unset or empty / unset, {@code ${NAME:?message}} / {@code ${NAME?message}} an error when unset or
 * empty / unset, {@code ${NAME:+other}} / {@code ${NAME+other}} the other value when set. Nested expressions are not
 * supported (the compose file uses none): they fail, as an unknown form does.
 */
final class ComposeInterpolation {

    /** What {@code docker compose} would refuse to start with. */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }
    }

    private ComposeInterpolation() {
    }

    static String interpolate(String text, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            }
            else if (next == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new Refused("unterminated ${ in: " + text);
                }
                out.append(expression(text.substring(i + 2, end), variables));
                i = end + 1;
            }
            else if (next == '_' || Character.isLetter(next)) {
                int end = i + 1;
                while (end < text.length() && (text.charAt(end) == '_' || Character.isLetterOrDigit(text.charAt(end)))) {
                    end++;
                }
                out.append(variables.getOrDefault(text.substring(i + 1, end), ""));
                i = end;
            }
            else {
                throw new Refused("invalid interpolation format for \"" + text + "\": a lone $ (write $$)");
            }
        }
        return out.toString();
    }

    private static String expression(String expression, Map<String, String> variables) {
        int nameEnd = 0;
        while (nameEnd < expression.length()
                && (expression.charAt(nameEnd) == '_' || Character.isLetterOrDigit(expression.charAt(nameEnd)))) {
            nameEnd++;
        }
        String name = expression.substring(0, nameEnd);
        String rest = expression.substring(nameEnd);
        if (name.isEmpty() || rest.contains("${")) {
            throw new Refused("unsupported interpolation ${" + expression + "}");
        }
        String value = variables.get(name);
        boolean colon = rest.startsWith(":");
        String operator = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.isEmpty() ? "" : rest.substring(0, 1);
        String argument = rest.substring(operator.length());
        boolean missing = value == null || (colon && value.isEmpty());
        switch (operator) {
            case "" -> {
                return value == null ? "" : value;
            }
            case ":-", "-" -> {
                return missing ? argument : value;
            }
            case ":?", "?" -> {
                if (missing) {
                    throw new Refused("required variable " + name + " is missing a value: " + argument);
                }
                return value;
            }
            case ":+", "+" -> {
                return missing ? "" : argument;
            }
            default -> throw new Refused("unsupported interpolation ${" + expression + "}");
        }
    }
}
