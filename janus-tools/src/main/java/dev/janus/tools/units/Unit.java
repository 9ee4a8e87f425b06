package dev.janus.tools.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.janus.events.vocabulary.Units;
import dev.janus.events.vocabulary.Units.Kind;

/**
 * The units the {@code units} tool converts between, by symbol, each with its kind (from the shared {@link Units}
 * vocabulary, which the orchestrator's planner reads requests with) and its size in the kind's base unit (metre,
 * kilogram, litre, metre per second). Temperatures convert through kelvin by their own formulas.
 */
public enum Unit {

    MILLIMETRE("mm", "millimetres", "0.001"),
    CENTIMETRE("cm", "centimetres", "0.01"),
    METRE("m", "metres", "1"),
    KILOMETRE("km", "kilometres", "1000"),
    INCH("in", "inches", "0.0254"),
    FOOT("ft", "feet", "0.3048"),
    YARD("yd", "yards", "0.9144"),
    MILE("mi", "miles", "1609.344"),
    MILLIGRAM("mg", "milligrams", "0.000001"),
    GRAM("g", "grams", "0.001"),
    KILOGRAM("kg", "kilograms", "1"),
    OUNCE("oz", "ounces", "0.028349523125"),
    POUND("lb", "pounds", "0.45359237"),
    MILLILITRE("ml", "millilitres", "0.001"),
    LITRE("l", "litres", "1"),
    GALLON("gal", "US gallons", "3.785411784"),
    CELSIUS("C", "°C", "1"),
    FAHRENHEIT("F", "°F", "1"),
    KELVIN("K", "K", "1"),
    KILOMETRES_PER_HOUR("km/h", "km/h", "0.27777777777777777777777777777777778"),
    MILES_PER_HOUR("mph", "mph", "0.44704"),
    METRES_PER_SECOND("m/s", "m/s", "1");

    private static final MathContext PRECISION = MathContext.DECIMAL128;
    private static final BigDecimal KELVIN_AT_ZERO_CELSIUS = new BigDecimal("273.15");
    private static final BigDecimal NINE_FIFTHS = new BigDecimal("1.8");
    private static final BigDecimal THIRTY_TWO = new BigDecimal("32");

    private final String symbol;
    private final String plural;
    private final Kind kind;
    private final BigDecimal size;

    Unit(String symbol, String plural, String size) {
        this.symbol = symbol;
        this.plural = plural;
        this.kind = Units.ofSymbol(symbol).orElseThrow(() -> new IllegalStateException(
                "the unit " + symbol + " is missing from the vocabulary's Units")).kind();
        this.size = new BigDecimal(size);
    }

    public String symbol() {
        return symbol;
    }

    public Kind kind() {
        return kind;
    }

    /** How the unit reads after a number: {@code 3.1 miles}, {@code 20 °C}. */
    public String label() {
        return plural;
    }

    /** Every symbol, in declaration order. */
    public static List<String> symbols() {
        return Arrays.stream(values()).map(Unit::symbol).toList();
    }

    /** The unit with this symbol. */
    public static Optional<Unit> ofSymbol(String symbol) {
        return Arrays.stream(values()).filter(unit -> unit.symbol.equals(symbol)).findFirst();
    }

    /** {@code value} of this unit in {@code target}; the units must be of one kind. */
    public BigDecimal convert(BigDecimal value, Unit target) {
        if (kind != target.kind) {
            throw new IllegalArgumentException(symbol + " and " + target.symbol + " measure different things");
        }
        if (kind == Kind.TEMPERATURE) {
            return target.fromKelvin(toKelvin(value));
        }
        return value.multiply(size, PRECISION).divide(target.size, PRECISION);
    }

    private BigDecimal toKelvin(BigDecimal value) {
        return switch (this) {
            case CELSIUS -> value.add(KELVIN_AT_ZERO_CELSIUS);
            case FAHRENHEIT -> value.subtract(THIRTY_TWO).divide(NINE_FIFTHS, PRECISION).add(KELVIN_AT_ZERO_CELSIUS);
            default -> value;
        };
    }

    private BigDecimal fromKelvin(BigDecimal kelvin) {
        return switch (this) {
            case CELSIUS -> kelvin.subtract(KELVIN_AT_ZERO_CELSIUS);
            case FAHRENHEIT -> kelvin.subtract(KELVIN_AT_ZERO_CELSIUS).multiply(NINE_FIFTHS).add(THIRTY_TWO);
            default -> kelvin;
        };
    }
}
