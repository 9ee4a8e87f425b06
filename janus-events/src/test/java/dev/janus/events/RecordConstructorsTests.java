package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecordConstructorsTests {

    /** A record whose constructor checks its value. */
    public record Temperature(String unit, double degrees) {

        public Temperature {
            if (degrees < -273.15) {
                throw new IllegalArgumentException("degrees must be at least -273.15, but was " + degrees);
            }
        }
    }

    private final JsonMapper jackson = JsonMapper.builder().build();
    private final JsonMapper prepared = JsonMapper.builder().addModule(new RecordConstructors()).build();

    @Test
    void readsARecordThroughItsConstructorAsJacksonDoes() {
        String json = "{\"unit\":\"C\",\"degrees\":21.5}";

        assertThat(prepared.readValue(json, Temperature.class)).isEqualTo(new Temperature("C", 21.5))
                .isEqualTo(jackson.readValue(json, Temperature.class));
    }

    @Test
    void aConstructorThatRefusesItsValuesFailsAsItDoesWithJacksonAlone() {
        String json = "{\"unit\":\"C\",\"degrees\":-300}";

        Throwable withJackson = catchThrowable(() -> jackson.readValue(json, Temperature.class));
        Throwable withPrepared = catchThrowable(() -> prepared.readValue(json, Temperature.class));

        assertThat(withPrepared).isNotNull().hasSameClassAs(withJackson).hasMessage(withJackson.getMessage());
        assertThat(withPrepared.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degrees must be at least -273.15, but was -300.0");
    }
}
