package dev.janus.events.vocabulary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The units Janus converts between, one table for every component: each by the symbol the {@code units} tool takes
 * ({@code km}, {@code C}, {@code km/h}), what it measures, and the spellings people write for it ("kilometres",
 * "kms", "°c", "kph"). The orchestrator's planner reads "5 miles in km" with {@link #find}; the {@code units} tool
 * names its units by {@link #ofSymbol} and converts them. Plain code; thread-safe; never returns {@code null}.
 */
public final class Units {

    /** What a unit measures; only units of one kind convert into each other. */
    public enum Kind {
        LENGTH, MASS, VOLUME, TEMPERATURE, SPEED
    }

    /**
     * One unit.
     *
     * @param symbol the symbol the {@code units} tool takes, e.g. {@code km}
     * @param kind what it measures
     * @param spellings how people write it, in lower case, the symbol's lower case among them
     */
    public record Unit(String symbol, Kind kind, List<String> spellings) {

        public Unit {
            spellings = List.copyOf(spellings);
        }
    }

    private static final List<Unit> ALL = List.of(
            unit("mm", Kind.LENGTH, "millimeter", "millimeters", "millimetre", "millimetres"),
            unit("cm", Kind.LENGTH, "centimeter", "centimeters", "centimetre", "centimetres"),
            unit("m", Kind.LENGTH, "meter", "meters", "metre", "metres"),
            unit("km", Kind.LENGTH, "kilometer", "kilometers", "kilometre", "kilometres", "kms"),
            unit("in", Kind.LENGTH, "inch", "inches"),
            unit("ft", Kind.LENGTH, "foot", "feet"),
            unit("yd", Kind.LENGTH, "yard", "yards"),
            unit("mi", Kind.LENGTH, "mile", "miles"),
            unit("mg", Kind.MASS, "milligram", "milligrams"),
            unit("g", Kind.MASS, "gram", "grams"),
            unit("kg", Kind.MASS, "kilogram", "kilograms", "kilo", "kilos", "kgs"),
            unit("oz", Kind.MASS, "ounce", "ounces"),
            unit("lb", Kind.MASS, "lbs", "pound", "pounds"),
            unit("ml", Kind.VOLUME, "milliliter", "milliliters", "millilitre", "millilitres"),
            unit("l", Kind.VOLUME, "liter", "liters", "litre", "litres"),
            unit("gal", Kind.VOLUME, "gallon", "gallons"),
            unit("C", Kind.TEMPERATURE, "°c", "celsius", "centigrade"),
            unit("F", Kind.TEMPERATURE, "°f", "fahrenheit"),
            unit("K", Kind.TEMPERATURE, "kelvin"),
            unit("km/h", Kind.SPEED, "kph", "kmh"),
            unit("mph", Kind.SPEED),
            unit("m/s", Kind.SPEED));

    private static final Map<String, Unit> BY_SPELLING = bySpelling();

    private Units() {
    }

    /** Every unit, lengths first, then masses, volumes, temperatures and speeds. */
    public static List<Unit> all() {
        return ALL;
    }

    /** The unit {@code spelling} names: a symbol or a spelling, in any case ({@code Miles}, {@code °C}). */
    public static Optional<Unit> find(String spelling) {
        return Optional.ofNullable(BY_SPELLING.get(spelling.strip().toLowerCase(Locale.ROOT)));
    }

    /** The unit with exactly this symbol ({@code C}, not {@code c}). */
    public static Optional<Unit> ofSymbol(String symbol) {
        return ALL.stream().filter(unit -> unit.symbol().equals(symbol)).findFirst();
    }

    private static Unit unit(String symbol, Kind kind, String... spellings) {
        List<String> all = new ArrayList<>();
        all.add(symbol.toLowerCase(Locale.ROOT));
        all.addAll(List.of(spellings));
        return new Unit(symbol, kind, all);
    }

    private static Map<String, Unit> bySpelling() {
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Unit unit : ALL) {
            for (String spelling : unit.spellings()) {
                if (units.putIfAbsent(spelling, unit) != null) {
                    throw new IllegalStateException("the unit spelling " + spelling + " names two units");
                }
            }
        }
        return Map.copyOf(units);
    }
}
