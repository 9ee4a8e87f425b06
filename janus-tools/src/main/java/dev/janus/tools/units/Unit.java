package dev.janus.tools.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The units the {@code units} tool converts between, by symbol, each with its kind and its size in the
 * kind's base unit (metre, kilogram, litre, metre per second). Temperatures convert through kelvin by
 * their own formulas.
 */
public enum Unit {

    MILLIMETRE("mm", "millimetres", Kind.LENGTH, "0.001"),
    CENTIMETRE("cm", "centimetres", Kind.LENGTH, "0.01"),
    METRE("m", "metres", Kind.LENGTH, "1"),
    KILOMETRE("km", "kilometres", Kind.LENGTH, "1000"),
    INCH("in", "inches", Kind.LENGTH, "0.0254"),
    FOOT("ft", "feet", Kind.LENGTH, "0.3048"),
    YARD("yd", "yards", Kind.LENGTH, "0.9144"),
    MILE("mi", "miles", Kind.LENGTH, "1609.344"),
    MILLIGRAM("mg", "milligrams", Kind.MASS, "0.000001"),
    GRAM("g", "grams", Kind.MASS, "0.001"),
    KILOGRAM("kg", "kilograms", Kind.MASS, "1"),
    OUNCE("oz", "ounces", Kind.MASS, "0.028349523125"),
    POUND("lb", "pounds", Kind.MASS, "0.45359237"),
    MILLILITRE("ml", "millilitres", Kind.VOLUME, "0.001"),
    LITRE("l", "litres", Kind.VOLUME, "1"),
    GALLON("gal", "US gallons", Kind.VOLUME, "3.785411784"),
    CELSIUS("C", "°C", Kind.TEMPERATURE, "1"),
    FAHRENHEIT("F", "°F", Kind.TEMPERATURE, "1"),
    KELVIN("K", "K", Kind.TEMPERATURE, "1"),
    KILOMETRES_PER_HOUR("km/h", "km/h", Kind.SPEED, "0.27777777777777777777777777777777778"),
    MILES_PER_HOUR("mph", "mph", Kind.SPEED, "0.44704"),
    METRES_PER_SECOND("m/s", "m/s", Kind.SPEED, "1");

    /** What a unit measures; only units of one kind convert into each other. */
    public enum Kind {
        LENGTH, MASS, VOLUME, TEMPERATURE, SPEED
    }

    private static final MathContext PRECISION = MathContext.DECIMAL128;
    private static final BigDecimal KELVIN_AT_ZERO_CELSIUS = new BigDecimal("273.15");
    private static final BigDecimal NINE_FIFTHS = new BigDecimal("1.8");
    private static final BigDecimal THIRTY_TWO = new BigDecimal("32");

    private final String symbol;
    private final String plural;
    private final Kind kind;
    private final BigDecimal size;

    Unit(String symbol, String plural, Kind kind, String size) {
        this.symbol = symbol;
        this.plural = plural;
        this.kind = kind;
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
