package dev.janus.tools.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;

import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.Test;

class DateTimeToolTests {

    private final DateTimeTool tool = new DateTimeTool(
            Clock.fixed(Instant.parse("2026-11-27T16:05:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);

    private String run(Map<String, Object> arguments) throws Exception {
        return tool.execute(ToolInvocation.of(arguments));
    }

    @Test
    void tellsTheTimeInTheDefaultZone() throws Exception {
        assertThat(run(Map.of())).isEqualTo("It is Friday, 27 November 2026, 16:05 in UTC.");
    }

    @Test
    void tellsTheTimeInAZoneGivenByIdOrCity() throws Exception {
        assertThat(run(Map.of("zone", "Asia/Tokyo")))
                .isEqualTo("It is Saturday, 28 November 2026, 01:05 in Asia/Tokyo (UTC+09:00).");
        assertThat(run(Map.of("zone", "new york"))).contains("11:05 in America/New_York (UTC-05:00)");
    }

    @Test
    void convertsATimeOfDayBetweenZones() throws Exception {
        assertThat(run(Map.of("time", "9am", "from", "Europe/London", "zone", "Asia/Tokyo")))
                .isEqualTo("09:00 in Europe/London (UTC) is 18:00 in Asia/Tokyo (UTC+09:00) "
                        + "(the same day, Friday, 27 November 2026).");
    }

    @Test
    void refusesAnUnknownZone() {
        assertThatThrownBy(() -> run(Map.of("zone", "Atlantis"))).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("arguments.zone must be a time zone").hasMessageContaining("'Atlantis'");
    }

    @Test
    void readsTimesOfDayAsPeopleWriteThem() {
        assertThat(TimeOfDay.parse("17:30")).contains(LocalTime.of(17, 30));
        assertThat(TimeOfDay.parse("9am")).contains(LocalTime.of(9, 0));
        assertThat(TimeOfDay.parse("12 am")).contains(LocalTime.MIDNIGHT);
        assertThat(TimeOfDay.parse("9.30 pm")).contains(LocalTime.of(21, 30));
        assertThat(TimeOfDay.parse("noon")).contains(LocalTime.NOON);
        assertThat(TimeOfDay.parse("25:00")).isEmpty();
        assertThat(TimeOfDay.parse("17")).isEmpty();
    }
}
