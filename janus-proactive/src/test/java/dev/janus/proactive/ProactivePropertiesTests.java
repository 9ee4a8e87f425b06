package dev.janus.proactive;

import java.time.Duration;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProactivePropertiesTests {

    @Test
    void everyValueHasADefault() {
        // when
        ProactiveProperties properties = ProactiveProperties.defaults();

        // then
        assertThat(properties.repeatedQuestion().count()).isEqualTo(3);
        assertThat(properties.repeatedQuestion().span()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.errorSpike().count()).isEqualTo(10);
        assertThat(properties.unansweredQuestion().span()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.restraint().perStreamLimit()).isEqualTo(3);
        assertThat(properties.restraint().quietStart()).isNull();
        assertThat(properties.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBadThresholdNamesThePropertyAndTheRange() {
        assertThatThrownBy(() -> new ProactiveProperties(new ProactiveProperties.Detector(true, 0, null), null, null,
                null, null, null, null, null))
                .hasMessage("janus.proactive.repeated-question.threshold must be 1..10000, but was 0");
    }

    @Test
    void quietHoursNeedBothEnds() {
        assertThatThrownBy(() -> new ProactiveProperties.Restraint(null, null, null, null, null, null, null,
                LocalTime.of(22, 0), null, null))
                .hasMessageContaining("quiet-start and janus.proactive.restraint.quiet-end must be set together");
    }
}
