package dev.janus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Building the models from Spring AI's properties, without a network; the calls are tested where they are made. */
class ChatModelsTests {

    private static ChatModels models(Map<String, String> properties) {
        return new ChatModels(new Binder(new MapConfigurationPropertySource(properties)), ObservationRegistry.NOOP);
    }

    @Test
    void buildsEachProvidersModelFromSpringAiProperties() {
        ChatModels models = models(Map.of("spring.ai.openai.api-key", "", "spring.ai.openai.chat.model", "qwen2.5",
                "spring.ai.ollama.chat.model", "llama3.2", "spring.ai.anthropic.api-key", "sk-ant",
                "spring.ai.anthropic.chat.model", "claude-sonnet-4-5"));

        assertThat(models.create(ChatModels.OPENAI, Duration.ofSeconds(5))).isInstanceOf(OpenAiChatModel.class)
                .satisfies(model -> assertThat(model.getOptions().getModel()).isEqualTo("qwen2.5"));
        // the blocking chat reaches Spring AI's request builder (a Spring AI that renamed it fails here)
        assertThat(models.openAi(Duration.ofSeconds(5)).model().getOptions().getModel()).isEqualTo("qwen2.5");
        assertThat(models.create(ChatModels.OLLAMA, Duration.ofSeconds(5))).isInstanceOf(OllamaChatModel.class)
                .satisfies(model -> assertThat(model.getOptions().getModel()).isEqualTo("llama3.2"));
        assertThat(models.create(ChatModels.ANTHROPIC, Duration.ofSeconds(5))).isInstanceOf(AnthropicChatModel.class)
                .satisfies(model -> assertThat(model.getOptions().getModel()).isEqualTo("claude-sonnet-4-5"));
    }

    @Test
    void refusesAnUnknownProviderNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> models(Map.of()).create("mistral", Duration.ofSeconds(1)))
                .withMessage("there is no model provider 'mistral': Janus knows openai (any OpenAI-compatible API), "
                        + "ollama and anthropic");
    }

    @Test
    void refusesAProviderWithoutItsKeySayingWhatToSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> models(Map.of()).create(ChatModels.ANTHROPIC, Duration.ofSeconds(1)))
                .withMessageStartingWith("no API key is configured for the provider 'anthropic': set "
                        + "spring.ai.anthropic.api-key");
    }
}
