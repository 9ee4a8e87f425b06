package dev.janus.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MemoryPropertiesTests {

    @Test
    void recallSettingsAreBound() {
        // given
        Map<String, String> properties = Map.of("janus.memory.recall.half-life", "1d",
                "janus.memory.recall.recency-weight", "0.5", "janus.memory.recall.min-similarity", "0.1",
                "janus.memory.recall.max-users-in-heap", "7");

        // when
        MemoryProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("janus.memory", Bindable.of(MemoryProperties.class));

        // then
        assertThat(bound.recall()).isEqualTo(new MemoryProperties.Recall(Duration.ofDays(1), 0.5, 0.1, 7));
    }

    @Test
    void absentSettingsTakeTheDefaultsOfTheRecords() {
        MemoryProperties bound = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("janus.memory", Bindable.of(MemoryProperties.class));

        assertThat(bound).isEqualTo(MemoryProperties.defaults());
    }
}
