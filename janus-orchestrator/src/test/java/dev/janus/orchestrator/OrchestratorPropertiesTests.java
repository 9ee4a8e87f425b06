package dev.janus.orchestrator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.janus.orchestrator.intent.IntentDefinition;
import dev.janus.orchestrator.llm.LlmProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrchestratorPropertiesTests {

    @Test
    void defaultsWaitTwoSecondsForNoBranchAndShipTheIntents() {
        // when
        OrchestratorProperties defaults = OrchestratorProperties.defaults();

        // then
        assertThat(defaults.joinTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.branches().memory()).isTrue();
        assertThat(defaults.branches().tools()).isTrue();
        assertThat(defaults.defaultIntent()).isEqualTo("question");
        assertThat(defaults.intents()).extracting(IntentDefinition::name).containsExactly("greeting", "help",
                "question", "calculation", "time", "conversion", "timer", "reminder", "remember", "chitchat");
        assertThat(defaults.toolsOf("calculation")).containsExactly("calculator");
        assertThat(defaults.toolsOf("timer")).containsExactly("timer");
        assertThat(defaults.toolsOf("reminder")).containsExactly("reminder");
    }

    @Test
    void theServicesApplicationYmlListsTheDefaultIntents() throws Exception {
        // given
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("janus-orchestrator.yml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(yaml));

        // when
        OrchestratorProperties bound = binder.bind("janus.orchestrator", OrchestratorProperties.class).get();

        // then
        assertThat(bound.intents()).isEqualTo(OrchestratorProperties.defaultIntents());
        assertThat(bound.defaultIntent()).isEqualTo("question");
        assertThat(bound.branches().memory()).isTrue();
    }

    @Test
    void bindsBranchesAndDurationsFromProperties() {
        // given
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "janus.orchestrator.branches.tools", "false", "janus.orchestrator.join-timeout", "300ms",
                "janus.orchestrator.intents[0].name", "weather", "janus.orchestrator.intents[0].tools[0]", "forecast",
                "janus.orchestrator.intents[0].examples[0]", "will it rain?")));

        // when
        OrchestratorProperties bound = binder.bind("janus.orchestrator", OrchestratorProperties.class).get();

        // then
        assertThat(bound.branches().memory()).isTrue();
        assertThat(bound.branches().tools()).isFalse();
        assertThat(bound.joinTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(bound.intents()).containsExactly(
                new IntentDefinition("weather", List.of("forecast"), List.of("will it rain?")));
    }

    @Test
    void rejectsAJoinTimeoutOutOfRange() {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OrchestratorProperties.defaults().withJoinTimeout(Duration.ZERO, Duration.ofMillis(1)))
                .withMessage("janus.orchestrator.join-timeout must be 0.01s..5m, but was 0s");
    }

    @Test
    void rejectsARetentionThatDoesNotOutlastTheTimeout() {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OrchestratorProperties(Duration.ofSeconds(2), Duration.ofSeconds(1), null, null,
                        null, null, null, null, null, null))
                .withMessage("janus.orchestrator.join-retention must be longer than janus.orchestrator.join-timeout "
                        + "(2s) and at most 24h, but was 1s");
    }

    @Test
    void rejectsAnIntentWithoutExamplesNamingItsIndex() {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OrchestratorProperties(null, null, null, null, null,
                        List.of(IntentDefinition.of("greeting", List.of(), "hi"),
                                new IntentDefinition("help", null, null)), null, null, null, null))
                .withMessage("janus.orchestrator.intents[1].examples must list at least one non-blank message, "
                        + "but was []");
    }

    @Test
    void rejectsAThresholdOutsideZeroToOne() {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OrchestratorProperties(null, null, null, null, null, null, null, 1.5, null, null))
                .withMessage("janus.orchestrator.intent-threshold must be 0..1, but was 1.5");
    }

    @Test
    void llmDefaultsToTheOfflineProvider() {
        // when
        LlmProperties defaults = LlmProperties.defaults();

        // then
        assertThat(defaults.provider()).isEqualTo("offline");
        assertThat(defaults.enabled()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> LlmProperties.defaults().withProvider("Open AI"))
                .withMessageStartingWith("janus.llm.provider must be");
    }

    @Test
    void theJoinWaitsForTheIntentOnlyWhenTheOfflineResponderAnswersFirst() {
        // given
        OrchestratorProperties.Branches unset = OrchestratorProperties.defaults().branches();
        LlmProperties offline = LlmProperties.defaults();
        LlmProperties openai = offline.withProvider("openai");
        LlmProperties abTestWithOffline = new LlmProperties(null, "openai", null,
                List.of(new LlmProperties.Variant("model", "openai", null, 1),
                        new LlmProperties.Variant("rules", "offline", null, 1)),
                null, null, null, null, null, null, null, null, null);
        LlmProperties abTestOfModels = new LlmProperties(null, "offline", null,
                List.of(new LlmProperties.Variant("a", "openai", null, 1),
                        new LlmProperties.Variant("b", "ollama", null, 1)),
                null, null, null, null, null, null, null, null, null);

        // when / then
        assertThat(unset.intent()).isNull();
        assertThat(unset.waitsForIntent(offline)).isTrue();
        assertThat(unset.waitsForIntent(openai)).isFalse();
        assertThat(unset.waitsForIntent(abTestWithOffline)).isTrue();
        assertThat(unset.waitsForIntent(abTestOfModels)).isFalse();
    }

    @Test
    void janusOrchestratorBranchesIntentOverridesWhatTheResponderDecides() {
        // given
        Map<String, String> alwaysWait = Map.of("janus.orchestrator.branches.intent", "true");
        Map<String, String> neverWait = Map.of("janus.orchestrator.branches.intent", "false");

        // when
        OrchestratorProperties waiting = bind(alwaysWait);
        OrchestratorProperties notWaiting = bind(neverWait);

        // then
        assertThat(waiting.branches().waitsForIntent(LlmProperties.defaults().withProvider("openai"))).isTrue();
        assertThat(notWaiting.branches().waitsForIntent(LlmProperties.defaults())).isFalse();
        assertThat(notWaiting.branches().memory()).isTrue();
    }

    private static OrchestratorProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bind("janus.orchestrator", OrchestratorProperties.class).get();
    }
}
