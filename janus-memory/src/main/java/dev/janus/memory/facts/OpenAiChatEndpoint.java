package dev.janus.memory.facts;

import java.net.URI;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Where an OpenAI-compatible chat-completions API is and which model to ask: the server the LLM component is configured
 * with, read from Spring AI's own properties so that users configure it once. The memory component reads the property
 * names rather than Spring AI's classes because components never depend on each other and memory needs one plain
 * request, not Spring AI's OpenAI client.
 *
 * @param baseUrl the API's root including its version, e.g. {@code https://api.openai.com/v1}; requests go to
 *        {@code {baseUrl}/chat/completions}
 * @param apiKey the bearer token; empty for a server without authentication (vLLM, llama.cpp server, LM Studio)
 * @param model the model asked
 */
public record OpenAiChatEndpoint(URI baseUrl, String apiKey, String model) {

    /** Spring AI's default base URL. */
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    /** Spring AI's default chat model (Spring AI 2.0). */
    static final String DEFAULT_MODEL = "gpt-5-mini";

    public OpenAiChatEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl must not be null");
        Objects.requireNonNull(apiKey, "apiKey must not be null");
        Objects.requireNonNull(model, "model must not be null");
    }

    /** The chat-completions address. */
    public URI chatCompletions() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    /**
     * The endpoint Spring AI's OpenAI chat model would use: {@code spring.ai.openai.chat.base-url} or
     * {@code spring.ai.openai.base-url} (or {@code OPENAI_BASE_URL}), {@code spring.ai.openai.chat.api-key} or
     * {@code spring.ai.openai.api-key} (or {@code OPENAI_API_KEY}), {@code spring.ai.openai.chat.model} (or the 1.x
     * form {@code spring.ai.openai.chat.options.model}), with Spring AI's defaults.
     *
     * @throws IllegalArgumentException when no API key is configured at all, or the base URL is not an http(s) URL
     */
    public static OpenAiChatEndpoint fromSpringAiProperties(Environment environment) {
        Binder binder = Binder.get(environment);
        String baseUrl = firstNonBlank(property(binder, "spring.ai.openai.chat.base-url"),
                property(binder, "spring.ai.openai.base-url"), System.getenv("OPENAI_BASE_URL"), DEFAULT_BASE_URL);
        String apiKey = first(property(binder, "spring.ai.openai.chat.api-key"),
                property(binder, "spring.ai.openai.api-key"), System.getenv("OPENAI_API_KEY"));
        String model = firstNonBlank(property(binder, "spring.ai.openai.chat.model"),
                property(binder, "spring.ai.openai.chat.options.model"), DEFAULT_MODEL);
        if (apiKey == null) {
            throw new IllegalArgumentException("janus.memory.facts.extractor is 'llm', but no API key is configured for "
                    + "the model: set spring.ai.openai.api-key (or OPENAI_API_KEY); for a server without authentication "
                    + "set spring.ai.openai.api-key to an empty string");
        }
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(baseUrl).strip());
        }
        catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("spring.ai.openai.base-url must be an http(s) URL such as "
                    + DEFAULT_BASE_URL + ", but was '" + baseUrl + "'");
        }
        return new OpenAiChatEndpoint(uri, apiKey.strip(), Objects.requireNonNull(model).strip());
    }

    private static @Nullable String property(Binder binder, String name) {
        // binds relaxed forms too (SPRING_AI_OPENAI_BASE_URL); an empty value is kept, it means "no key"
        return binder.bind(name, String.class).orElse(null);
    }

    private static @Nullable String first(@Nullable String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static @Nullable String firstNonBlank(@Nullable String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        // never the key
        return "OpenAiChatEndpoint[baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
