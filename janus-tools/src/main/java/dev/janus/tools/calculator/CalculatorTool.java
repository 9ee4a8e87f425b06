package dev.janus.tools.calculator;

import java.math.BigDecimal;

import dev.janus.events.Abbreviation;
import dev.janus.events.ToolDefinition;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;

/**
 * The {@code calculator} tool: evaluates an arithmetic expression with {@link ExpressionParser}, within the configured
 * limits; answers "17 * 23 = 391". It stops when interrupted, so a call that timed out keeps its slot until it has.
 */
public final class CalculatorTool implements Tool {

    public static final String NAME = "calculator";

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Evaluates an arithmetic expression exactly: + - * / ^ (power), % (remainder, or per cent after a number), "
                    + "parentheses, decimals, the constants pi and e, and the functions sqrt, abs, round, floor, ceil, "
                    + "ln, log, exp, sin, cos, tan, min, max. Example: {\"expression\": \"17 * 23\"}.",
            ParametersSchema.object()
                    .required("expression", Property.string("The expression, e.g. \"(2 + 3) * 4 / 7\"")
                            .maxLength(ExpressionParser.MAX_LENGTH))
                    .build(),
            true, ToolRegistry.BUILTIN);

    private final ToolsProperties.Calculator limits;

    public CalculatorTool(ToolsProperties.Calculator limits) {
        this.limits = limits;
    }

    /** A calculator with the default limits. */
    public CalculatorTool() {
        this(ToolsProperties.Calculator.defaults());
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean stopsWhenInterrupted() {
        return true;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException {
        String expression = invocation.string("expression").strip();
        try {
            return expression + " = " + format(ExpressionParser.evaluate(expression, limits));
        }
        catch (ArithmeticException e) {
            throw ToolFailure.badInput("cannot calculate " + quoted(expression) + ": " + e.getMessage());
        }
    }

    /** A result as people write it: no trailing zeros, plain digits unless it is very large or small. */
    static String format(BigDecimal value) {
        BigDecimal rounded = value.round(new java.math.MathContext(16)).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0";
        }
        int magnitude = rounded.precision() - rounded.scale();
        return magnitude > 21 || magnitude < -6 ? rounded.toString() : rounded.toPlainString();
    }

    private static String quoted(String expression) {
        return "'" + Abbreviation.abbreviate(expression, 80) + "'";
    }
}
