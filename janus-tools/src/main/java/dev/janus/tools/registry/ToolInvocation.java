package dev.janus.tools.registry;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One call of a tool, as the tool sees it: the validated arguments, who and which conversation asked, and
 * where to report progress. The typed getters read arguments the schema already checked; they fail with
 * {@link ToolFailure#badInput} naming the argument where a tool runs without the engine's validation.
 *
 * @param callId the call's id, unique within its request
 * @param origin the request and conversation the call came from
 * @param arguments the arguments, as JSON values
 * @param progress where progress goes
 */
public record ToolInvocation(String callId, CallOrigin origin, Map<String, Object> arguments,
        ProgressListener progress) {

    public ToolInvocation {
        arguments = Map.copyOf(arguments);
    }

    /** A call outside any conversation, for tests and direct use. */
    public static ToolInvocation of(Map<String, Object> arguments) {
        return new ToolInvocation("call-1", CallOrigin.DIRECT, arguments, ProgressListener.NONE);
    }

    /** The string argument {@code name}. */
    public String string(String name) throws ToolFailure {
        Object value = arguments.get(name);
        if (value instanceof String text) {
            return text;
        }
        throw ToolFailure.badInput("arguments." + name + (value == null ? " is required" : " must be a string"));
    }

    /** The string argument {@code name}, or null when absent. */
    public @Nullable String optionalString(String name) throws ToolFailure {
        return arguments.containsKey(name) ? string(name) : null;
    }

    /** The number argument {@code name}, exactly. */
    public BigDecimal number(String name) throws ToolFailure {
        Object value = arguments.get(name);
        if (value instanceof Number number) {
            try {
                return number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
            }
            catch (NumberFormatException e) {
                throw ToolFailure.badInput("arguments." + name + " must be a finite number, but was " + number);
            }
        }
        throw ToolFailure.badInput("arguments." + name + (value == null ? " is required" : " must be a number"));
    }

    /** The number argument {@code name}, or null when absent. */
    public @Nullable BigDecimal optionalNumber(String name) throws ToolFailure {
        return arguments.containsKey(name) ? number(name) : null;
    }
}
