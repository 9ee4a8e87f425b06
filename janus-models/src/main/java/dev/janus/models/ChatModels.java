package dev.janus.models;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatProperties;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicConnectionProperties;
import org.springframework.ai.model.ollama.autoconfigure.OllamaChatProperties;
import org.springframework.ai.model.ollama.autoconfigure.OllamaConnectionProperties;
import org.springframework.ai.model.openai.autoconfigure.OpenAiAutoConfigurationUtil;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatProperties;
import org.springframework.ai.model.openai.autoconfigure.OpenAiCommonProperties;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the Spring AI chat model of a provider from Spring AI's own configuration properties, bound from the
 * environment with Spring AI's own property classes, so a Spring user's settings work unchanged:
 * {@code spring.ai.openai.base-url}, {@code .api-key}, {@code spring.ai.openai.chat.model} (or the 1.x form
 * {@code spring.ai.openai.chat.options.model}), {@code spring.ai.ollama.base-url}, {@code spring.ai.ollama.chat.*},
 * {@code spring.ai.anthropic.api-key}, {@code spring.ai.anthropic.chat.*}, ... The construction is the one of
 * Spring AI's auto-configurations, with two differences: the clients' own retries are off (Janus retries the whole
 * streamed attempt and counts it in the provider's circuit breaker; two layers would multiply the attempts), and the
 * client timeout is the caller's (the LLM component's per-provider timeout, memory's extraction timeout; Ollama's
 * non-streamed calls get it as the read timeout of their HTTP client). Janus builds the models itself rather than
 * taking Spring AI's auto-configured beans because a fallback chain or A/B test needs several providers at once,
 * while {@code spring.ai.model.chat} selects one; {@link SpringAiModelDefaults} therefore switches the
 * auto-configured ones off. Used by the LLM component and by memory's fact extraction, each building its own models.
 * Thread-safe.
 */
public final class ChatModels {

    /** Any OpenAI-compatible chat API: OpenAI, vLLM, llama.cpp server, LM Studio, hosted APIs. */
    public static final String OPENAI = "openai";
    /** Ollama's own API. */
    public static final String OLLAMA = "ollama";
    /** Anthropic's Messages API. */
    public static final String ANTHROPIC = "anthropic";
    /** The providers Janus builds models for. */
    public static final Set<String> PROVIDERS = Set.of(OPENAI, OLLAMA, ANTHROPIC);

    private final Binder binder;
    private final ObservationRegistry observations;
    private final ToolCallingManager toolCallingManager = ToolCallingManager.builder().build();

    public ChatModels(Environment environment, ObservationRegistry observations) {
        this(Binder.get(environment), observations);
    }

    public ChatModels(Binder binder, ObservationRegistry observations) {
        this.binder = binder;
        this.observations = observations;
    }

    /**
     * The chat model of {@code provider}, its client giving up after {@code timeout}.
     *
     * @throws IllegalArgumentException for a provider Janus has no model for, or one without the API key it needs,
     *         saying what to set
     */
    public ChatModel create(String provider, Duration timeout) {
        return switch (provider) {
            case OPENAI -> openAi(timeout).model();
            case OLLAMA -> ollama(timeout);
            case ANTHROPIC -> anthropic(timeout);
            default -> throw new IllegalArgumentException("there is no model provider '" + provider
                    + "': Janus knows openai (any OpenAI-compatible API), ollama and anthropic");
        };
    }

    /**
     * The OpenAI-compatible chat model, its client giving up after {@code timeout}, with the blocking client that
     * streams its replies on the caller's thread.
     *
     * @throws IllegalArgumentException when no API key is configured, saying what to set
     */
    public BlockingOpenAiChat openAi(Duration timeout) {
        OpenAiCommonProperties common = bind(OpenAiCommonProperties.CONFIG_PREFIX, new OpenAiCommonProperties());
        OpenAiChatProperties chat = bind(OpenAiChatProperties.CONFIG_PREFIX, new OpenAiChatProperties());
        OpenAiCommonProperties resolved = OpenAiAutoConfigurationUtil.resolveCommonProperties(common, chat);
        if (resolved.getApiKey() == null && resolved.getCredential() == null && System.getenv("OPENAI_API_KEY") == null) {
            throw new IllegalArgumentException("no API key is configured for the provider 'openai': "
                    + "set spring.ai.openai.api-key (or OPENAI_API_KEY); for a server without authentication (vLLM, "
                    + "llama.cpp server, LM Studio) set spring.ai.openai.api-key to an empty string");
        }
        var client = OpenAiSetup.setupSyncClient(resolved.getBaseUrl(), resolved.getApiKey(), resolved.getCredential(),
                resolved.getMicrosoftDeploymentName(), resolved.getMicrosoftFoundryServiceVersion(),
                resolved.getOrganizationId(), resolved.isMicrosoftFoundry(), resolved.isGitHubModels(),
                resolved.getModel(), timeout, 0, resolved.getProxy(), resolved.getCustomHeaders(), observations, null,
                List.of(BlockingOpenAiChat.BINDS_CALLS,
                        builder -> builder.interceptor(BoundedProviderResponses.BOUNDS)));
        var asyncClient = OpenAiSetup.setupAsyncClient(resolved.getBaseUrl(), resolved.getApiKey(),
                resolved.getCredential(), resolved.getMicrosoftDeploymentName(),
                resolved.getMicrosoftFoundryServiceVersion(), resolved.getOrganizationId(),
                resolved.isMicrosoftFoundry(), resolved.isGitHubModels(), resolved.getModel(), timeout, 0,
                resolved.getProxy(), resolved.getCustomHeaders(), observations, null,
                List.of(builder -> builder.interceptor(BoundedProviderResponses.BOUNDS)));
        return new BlockingOpenAiChat(OpenAiChatModel.builder()
                .openAiClient(client)
                .openAiClientAsync(asyncClient)
                .options(chat.toOptions())
                .toolCallingManager(toolCallingManager)
                .observationRegistry(observations)
                .build(), client, observations);
    }

    private OllamaChatModel ollama(Duration timeout) {
        OllamaConnectionProperties connection = bind("spring.ai.ollama", new OllamaConnectionProperties());
        OllamaChatProperties chat = bind("spring.ai.ollama.chat", new OllamaChatProperties());
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        OllamaApi api = OllamaApi.builder()
                .baseUrl(connection.getBaseUrl())
                .restClientBuilder(RestClient.builder().requestFactory(requests))
                .webClientBuilder(WebClient.builder())
                .build();
        return OllamaChatModel.builder()
                .ollamaApi(api)
                .options(chat.toOptions())
                .toolCallingManager(toolCallingManager)
                .observationRegistry(observations)
                .retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)))
                .build();
    }

    private AnthropicChatModel anthropic(Duration timeout) {
        AnthropicConnectionProperties connection = bind("spring.ai.anthropic", new AnthropicConnectionProperties());
        AnthropicChatProperties chat = bind(AnthropicChatProperties.CONFIG_PREFIX, new AnthropicChatProperties());
        AnthropicChatOptions.Builder options = chat.toOptions().mutate();
        if (connection.getApiKey() != null) {
            options.apiKey(connection.getApiKey());
        }
        if (connection.getBaseUrl() != null) {
            options.baseUrl(connection.getBaseUrl());
        }
        if (connection.getProxy() != null) {
            options.proxy(connection.getProxy());
        }
        if (connection.getCustomHeaders() != null && !connection.getCustomHeaders().isEmpty()) {
            options.customHeaders(connection.getCustomHeaders());
        }
        if (connection.getApiKey() == null && System.getenv("ANTHROPIC_API_KEY") == null) {
            throw new IllegalArgumentException("no API key is configured for the provider 'anthropic': "
                    + "set spring.ai.anthropic.api-key (or ANTHROPIC_API_KEY)");
        }
        options.timeout(timeout);
        options.maxRetries(0);
        return AnthropicChatModel.builder()
                .options(options.build())
                .httpClientBuilderCustomizer(builder -> builder.interceptor(BoundedProviderResponses.BOUNDS))
                .toolCallingManager(toolCallingManager)
                .observationRegistry(observations)
                .build();
    }

    private <T> T bind(String prefix, T target) {
        return binder.bind(prefix, Bindable.ofInstance(target)).orElse(target);
    }
}
