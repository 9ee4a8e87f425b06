package dev.janus.tools.units;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;

/** The {@code units} tool: {@code {"value": 5, "from": "km", "to": "mi"}} answers "5 km = 3.10686 mi (5 kilometres is 3.10686 miles)". */
public final class UnitsTool implements Tool {

    public static final String NAME = "units";

    private static final MathContext SIGNIFICANT = new MathContext(6);
    private static final BigDecimal LIMIT = new BigDecimal("1e100");

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Converts a value between units of the same kind: length (mm cm m km in ft yd mi), mass (mg g kg oz lb), "
                    + "volume (ml l gal = US gallon), temperature (C F K) and speed (km/h mph m/s). "
                    + "Example: {\"value\": 5, \"from\": \"km\", \"to\": \"mi\"}.",
            ParametersSchema.object()
                    .required("value", Property.number("The amount to convert"))
                    .required("from", Property.string("The unit of the value").enumOf(Unit.symbols()))
                    .required("to", Property.string("The unit to convert to").enumOf(Unit.symbols()))
                    .build(),
            true, ToolRegistry.BUILTIN);

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    /** True: it computes and returns at once: nothing to stop. */
    @Override
    public boolean stopsWhenInterrupted() {
        return true;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure {
        BigDecimal value = invocation.number("value");
        if (value.abs().compareTo(LIMIT) > 0) {
            throw ToolFailure.badInput("arguments.value is out of range: it must be at most 1e100 in size, but was "
                    + value.round(SIGNIFICANT) + " (" + (value.precision() - value.scale()) + " digits before the point)");
        }
        Unit from = unit(invocation, "from");
        Unit to = unit(invocation, "to");
        if (from.kind() != to.kind()) {
            throw ToolFailure.badInput("cannot convert " + from.symbol() + " (" + kind(from) + ") to " + to.symbol()
                    + " (" + kind(to) + "): both units must measure the same thing");
        }
        BigDecimal result = from.convert(value, to);
        String amount = plain(value);
        String converted = plain(result.round(SIGNIFICANT));
        return amount + " " + from.symbol() + " = " + converted + " " + to.symbol() + " (" + amount + " "
                + from.label() + " is " + converted + " " + to.label() + ")";
    }

    private static Unit unit(ToolInvocation invocation, String argument) throws ToolFailure {
        String symbol = invocation.string(argument);
        return Unit.ofSymbol(symbol).orElseThrow(() -> ToolFailure.badInput("arguments." + argument
                + " must be one of " + Unit.symbols() + ", but was '" + symbol + "'"));
    }

    private static String kind(Unit unit) {
        return unit.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.signum() == 0 ? "0" : stripped.scale() < -15 ? stripped.toString() : stripped.toPlainString();
    }
}
