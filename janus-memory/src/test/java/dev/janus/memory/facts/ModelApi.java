package dev.janus.memory.facts;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The three providers as the tests meet them: the {@code spring.ai.*} settings that point one at a
 * {@link ChatApiServer}, where its requests go, its reply and error shapes, and where its request carries the
 * structured-output schema and the key.
 */
public enum ModelApi {

    OPENAI("openai", "/v1/chat/completions") {
        @Override
        public Map<String, String> settings(ChatApiServer server, String key) {
            return Map.of("spring.ai.openai.base-url", server.url("/v1"), "spring.ai.openai.api-key", key,
                    "spring.ai.openai.chat.model", "gpt-4o-mini");
        }

        @Override
        public String answer(String text) {
            return ChatApiServer.openAiCompletion(text);
        }

        @Override
        public int errorStatus() {
            return 500;
        }

        @Override
        public String error() {
            return ChatApiServer.openAiError("server_error", "The server had an error while processing your request.");
        }

        @Override
        public JsonNode schemaSent(JsonNode body) {
            return body.path("response_format").path("json_schema").path("schema");
        }

        @Override
        public String keySent(ChatApiServer.Received request) {
            return request.authorization();
        }
    },

    OLLAMA("ollama", "/api/chat") {
        @Override
        public Map<String, String> settings(ChatApiServer server, String key) {
            return Map.of("spring.ai.ollama.base-url", server.url(""), "spring.ai.ollama.chat.model", "llama3.2");
        }

        @Override
        public String answer(String text) {
            return ChatApiServer.ollamaChat(text);
        }

        @Override
        public int errorStatus() {
            return 500;
        }

        @Override
        public String error() {
            return ChatApiServer.ollamaError("model requires more system memory than is available");
        }

        @Override
        public JsonNode schemaSent(JsonNode body) {
            return body.path("format");
        }

        @Override
        public String keySent(ChatApiServer.Received request) {
            return "";
        }
    },

    ANTHROPIC("anthropic", "/v1/messages") {
        @Override
        public Map<String, String> settings(ChatApiServer server, String key) {
            return Map.of("spring.ai.anthropic.base-url", server.url(""), "spring.ai.anthropic.api-key", key,
                    "spring.ai.anthropic.chat.model", "claude-sonnet-4-5");
        }

        @Override
        public String answer(String text) {
            return ChatApiServer.anthropicMessage(text);
        }

        @Override
        public int errorStatus() {
            return 529;
        }

        @Override
        public String error() {
            return ChatApiServer.anthropicError("overloaded_error", "Overloaded");
        }

        @Override
        public JsonNode schemaSent(JsonNode body) {
            return body.path("output_config").path("format").path("schema");
        }

        @Override
        public String keySent(ChatApiServer.Received request) {
            return request.apiKey();
        }
    };

    private final String provider;
    private final String path;

    ModelApi(String provider, String path) {
        this.provider = provider;
        this.path = path;
    }

    /** The provider's name in {@code janus.llm.provider} and {@code janus.memory.facts.provider}. */
    public String provider() {
        return provider;
    }

    /** Where its chat requests go. */
    public String path() {
        return path;
    }

    /** Spring AI's settings pointing the provider at {@code server}, with {@code key} where it takes one. */
    public abstract Map<String, String> settings(ChatApiServer server, String key);

    /** The provider's reply whose text is {@code text}. */
    public abstract String answer(String text);

    /** The status of {@link #error()}. */
    public abstract int errorStatus();

    /** The provider's error body. */
    public abstract String error();

    /** Where the request carries the structured-output schema (missing when it does not). */
    public abstract JsonNode schemaSent(JsonNode body);

    /** How the request carried the key ({@code Bearer <key>} or the key itself; empty for Ollama). */
    public abstract String keySent(ChatApiServer.Received request);
}
