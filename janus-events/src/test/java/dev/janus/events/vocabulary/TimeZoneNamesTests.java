package dev.janus.events.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZoneNamesTests {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "Tokyo, Asia/Tokyo",
            "asia/tokyo, Asia/Tokyo",
            "new york, America/New_York",
            "New_York, America/New_York",
            "nyc, America/New_York",
            "japan, Asia/Tokyo",
            "são paulo, America/Sao_Paulo",
            "UTC, UTC",
            "gmt, GMT"
    })
    void findsTheIanaIdOfANamedZone(String name, String id) {
        // then
        assertThat(TimeZoneNames.find(name)).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = { "atlantis", "+05:30", "", "z" })
    void findsNothingForWhatIsNotAPlace(String name) {
        // then
        assertThat(TimeZoneNames.find(name)).isEmpty();
    }
}
