package dev.janus.tools.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.janus.events.vocabulary.Units;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsToolTests {

    private final UnitsTool units = new UnitsTool();

    private String convert(Object value, String from, String to) throws Exception {
        return units.execute(ToolInvocation.of(Map.of("value", value, "from", from, "to", to)));
    }

    @Test
    void convertsEveryUnitOfTheSharedVocabularySoThePlannerNeverAsksForOneItLacks() {
        // then
        assertThat(Unit.symbols()).containsExactlyElementsOf(Units.all().stream().map(Units.Unit::symbol).toList());
        assertThat(Unit.KILOMETRE.kind()).isEqualTo(Units.Kind.LENGTH);
    }

    @Test
    void convertsKilometresToMiles() throws Exception {
        assertThat(convert(5, "km", "mi")).isEqualTo("5 km = 3.10686 mi (5 kilometres is 3.10686 miles)");
    }

    @ParameterizedTest(name = "{0} {1} = {3} {2}")
    @CsvSource({
            "100, C, F, 212",
            "32, F, C, 0",
            "0, K, C, -273.15",
            "3, m, ft, 9.84252",
            "10, kg, lb, 22.0462",
            "1, gal, l, 3.78541",
            "100, km/h, mph, 62.1371",
            "1, mi, m, 1609.34",
            "2.5, l, ml, 2500"
    })
    void convertsBetweenUnitsOfOneKind(double value, String from, String to, String expected) throws Exception {
        assertThat(convert(value, from, to)).contains("= " + expected + " " + to);
    }

    @Test
    void refusesUnitsOfDifferentKinds() {
        assertThatThrownBy(() -> convert(5, "km", "kg")).isInstanceOf(ToolFailure.class)
                .hasMessage("cannot convert km (length) to kg (mass): both units must measure the same thing");
    }

    @Test
    void refusesAValueOutOfRangeSayingSoAndNamingTheLimit() {
        // given: 400 digits, as the planner reads them from "convert 111…1 km to miles"
        java.math.BigInteger value = new java.math.BigInteger("1".repeat(400));

        // when / then: not the 400 digits again, but their size and the limit
        assertThatThrownBy(() -> convert(value, "km", "mi")).isInstanceOf(ToolFailure.class)
                .hasMessage("arguments.value is out of range: it must be at most 1e100 in size, but was 1.11111E+399 "
                        + "(400 digits before the point)");
    }

    @Test
    void refusesUnknownUnitsNamingTheKnownOnes() {
        assertThatThrownBy(() -> convert(5, "parsec", "km")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("arguments.from must be one of [mm, cm, m, km");
    }
}
