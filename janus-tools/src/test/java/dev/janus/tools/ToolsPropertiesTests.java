package dev.janus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class ToolsPropertiesTests {

    @Test
    void fillsEveryDefault() {
        ToolsProperties properties = ToolsProperties.defaults();
        assertThat(properties.defaultTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.maxArgumentBytes()).isEqualTo(16_384);
        assertThat(properties.http().enabled()).isFalse();
        assertThat(properties.http().allowPrivateAddresses()).isFalse();
        assertThat(properties.http().allowedHosts()).isEmpty();
        assertThat(properties.timers().maxDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.reminders().zone().getId()).isEqualTo("UTC");
        assertThat(properties.breaker().slidingWindowSize()).isEqualTo(20);
    }

    @Test
    void appliesPerToolOverrides() {
        ToolsProperties properties = new ToolsProperties(null, null, null, null, null, null, null, null,
                Map.of("calculator", new ToolsProperties.ToolLimits(Duration.ofSeconds(2), 64)), null, null, null, null);
        assertThat(properties.timeoutOf("calculator", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxConcurrentOf("calculator")).isEqualTo(64);
        assertThat(properties.maxConcurrentOf("units")).isEqualTo(16);
    }

    @Test
    void namesABadValueAndItsRange() {
        assertThatThrownBy(() -> new ToolsProperties(Duration.ZERO, null, null, null, null, null, null, null, null, null,
                null, null, null)).hasMessage("janus.tools.default-timeout must be 0.01s..10m, but was 0s");
        assertThatThrownBy(() -> new ToolsProperties.Reminders(null, null, "Mars/Olympus"))
                .hasMessageContaining("janus.tools.reminders.default-zone must be an IANA time zone");
        assertThatThrownBy(() -> new ToolsProperties.Http(true, List.of(), false, 0, null, null))
                .hasMessage("janus.tools.http.max-bytes must be 1..1048576, but was 0");
    }

    @Test
    void theServicesYmlHoldsTheDefaults() throws Exception {
        // given
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("janus-tools",
                new ClassPathResource("janus-tools.yml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(yaml));

        // when
        ToolsProperties bound = binder.bind("janus.tools", ToolsProperties.class).get();

        // then
        ToolsProperties defaults = ToolsProperties.defaults();
        assertThat(bound.defaultTimeout()).isEqualTo(defaults.defaultTimeout());
        assertThat(bound.timers()).isEqualTo(defaults.timers());
        assertThat(bound.reminders()).isEqualTo(defaults.reminders());
        assertThat(bound.http()).isEqualTo(defaults.http());
        assertThat(bound.breaker()).isEqualTo(defaults.breaker());
        assertThat(bound.mcp()).isEqualTo(defaults.mcp());
    }

    @Test
    void normalisesAllowedHosts() {
        assertThat(new ToolsProperties.Http(true, List.of(" API.Example.com ", ""), null, null, null, null).allowedHosts())
                .containsExactly("api.example.com");
    }
}
