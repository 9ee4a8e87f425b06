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
        assertThat(properties.maxAbandonedOf("http_get")).isEqualTo(4);
        assertThat(properties.calculator()).isEqualTo(new ToolsProperties.Calculator(100, 1_000, 1_000, 10_000));
    }

    @Test
    void appliesPerToolOverrides() {
        ToolsProperties properties = new ToolsProperties(null, null, null, null, null, null, null, null, null,
                Map.of("calculator", new ToolsProperties.ToolLimits(Duration.ofSeconds(2), 64, null),
                        "http_get", new ToolsProperties.ToolLimits(null, null, 1)),
                null, null, null, null, null);
        assertThat(properties.timeoutOf("calculator", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxConcurrentOf("calculator")).isEqualTo(64);
        assertThat(properties.maxConcurrentOf("units")).isEqualTo(16);
        assertThat(properties.maxAbandonedOf("http_get")).isEqualTo(1);
        assertThat(properties.maxAbandonedOf("calculator")).isEqualTo(4);
    }

    @Test
    void namesABadValueAndItsRange() {
        assertThatThrownBy(() -> new ToolsProperties(Duration.ZERO, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null)).hasMessage("janus.tools.default-timeout must be 0.01s..10m, but was 0s");
        assertThatThrownBy(() -> new ToolsProperties(null, null, 0, null, null, null, null, null, null, null, null, null,
                null, null, null)).hasMessage("janus.tools.max-abandoned-per-tool must be 1..1000, but was 0");
        assertThatThrownBy(() -> new ToolsProperties(null, null, null, null, null, null, null, null, null,
                Map.of("http_get", new ToolsProperties.ToolLimits(null, null, 0)), null, null, null, null, null))
                .hasMessage("janus.tools.tool.http_get.max-abandoned must be 1..1000, but was 0");
        assertThatThrownBy(() -> new ToolsProperties.Calculator(null, 0, null, null))
                .hasMessage("janus.tools.calculator.max-exponent must be 1..100000, but was 0");
        assertThatThrownBy(() -> new ToolsProperties.Calculator(null, null, 10, null))
                .hasMessage("janus.tools.calculator.max-result-digits must be 34..100000, but was 10");
        assertThatThrownBy(() -> new ToolsProperties.Calculator(0, null, null, null))
                .hasMessage("janus.tools.calculator.max-operand-digits must be 1..10000, but was 0");
        assertThatThrownBy(() -> new ToolsProperties.Calculator(null, null, null, 10))
                .hasMessage("janus.tools.calculator.max-steps must be 100..10000000, but was 10");
        assertThatThrownBy(() -> new ToolsProperties.Reminders(null, null, "Mars/Olympus", null))
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
        assertThat(bound.maxAbandonedPerTool()).isEqualTo(defaults.maxAbandonedPerTool());
        assertThat(bound.calculator()).isEqualTo(defaults.calculator());
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
