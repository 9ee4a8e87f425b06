package dev.janus.events.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTests {

    @Test
    void findsAUnitByItsSymbolOrASpellingInAnyCase() {
        // then
        assertThat(Units.find("kilometres")).map(Units.Unit::symbol).contains("km");
        assertThat(Units.find("Miles")).map(Units.Unit::symbol).contains("mi");
        assertThat(Units.find("°C")).map(Units.Unit::symbol).contains("C");
        assertThat(Units.find("c")).map(Units.Unit::kind).contains(Units.Kind.TEMPERATURE);
        assertThat(Units.find("kph")).map(Units.Unit::symbol).contains("km/h");
        assertThat(Units.find("parsecs")).isEmpty();
    }

    @Test
    void knowsSymbolsExactly() {
        // then
        assertThat(Units.ofSymbol("C")).map(Units.Unit::kind).contains(Units.Kind.TEMPERATURE);
        assertThat(Units.ofSymbol("c")).isEmpty();
        assertThat(Units.all()).extracting(Units.Unit::symbol).doesNotHaveDuplicates()
                .startsWith("mm", "cm", "m", "km").endsWith("km/h", "mph", "m/s");
    }
}
