package dev.janus.models;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches Spring AI's auto-configured models off by default: {@code spring.ai.model.chat}, {@code .embedding},
 * {@code .image}, {@code .audio.speech}, {@code .audio.transcription} and {@code .moderation} default to
 * {@code none}. Their auto-configurations otherwise create a model of every provider on the classpath (each
 * matches when the property is missing), needing keys; Janus builds the models it needs itself from the same
 * {@code spring.ai.*} properties ({@link ChatModels}: the LLM component one per provider in {@code janus.llm.provider},
 * {@code .fallback} and {@code .variants}, memory one for fact extraction; janus-input its OpenAI audio models from
 * {@code janus.input.voice.*}), so the application starts with no keys and no network by default. The defaults have
 * the lowest precedence: a value the user sets wins.
 */
public final class SpringAiModelDefaults implements EnvironmentPostProcessor {

    /** The name of the property source holding the defaults. */
    public static final String SOURCE = "janusSpringAiModelDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String model : new String[] { "chat", "embedding", "embedding.text", "embedding.multimodal", "image",
                "audio.speech", "audio.transcription", "moderation" }) {
            defaults.put("spring.ai.model." + model, "none");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
