package dev.janus.memory.facts;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the LLM component's server from Spring AI's own property names. */
class OpenAiChatEndpointTests {

    @Test
    void readsSpringAisBaseUrlKeyAndModel() {
        // given
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.ai.openai.base-url", "http://llm.internal:8000/v1/")
                .withProperty("spring.ai.openai.api-key", "sk-abc")
                .withProperty("spring.ai.openai.chat.model", "qwen2.5-7b-instruct");

        // when
        OpenAiChatEndpoint endpoint = OpenAiChatEndpoint.fromSpringAiProperties(environment);

        // then
        assertThat(endpoint.chatCompletions()).isEqualTo(URI.create("http://llm.internal:8000/v1/chat/completions"));
        assertThat(endpoint.apiKey()).isEqualTo("sk-abc");
        assertThat(endpoint.model()).isEqualTo("qwen2.5-7b-instruct");
        assertThat(endpoint.toString()).doesNotContain("sk-abc");
    }

    @Test
    void prefersTheChatSpecificSettingsAndTakesTheOlderModelProperty() {
        // given
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.ai.openai.base-url", "http://general:8000/v1")
                .withProperty("spring.ai.openai.chat.base-url", "http://chat:9000/v1")
                .withProperty("spring.ai.openai.api-key", "sk-general")
                .withProperty("spring.ai.openai.chat.api-key", "sk-chat")
                .withProperty("spring.ai.openai.chat.options.model", "gpt-4o-mini");

        // when
        OpenAiChatEndpoint endpoint = OpenAiChatEndpoint.fromSpringAiProperties(environment);

        // then
        assertThat(endpoint.baseUrl()).isEqualTo(URI.create("http://chat:9000/v1"));
        assertThat(endpoint.apiKey()).isEqualTo("sk-chat");
        assertThat(endpoint.model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void takesAnEmptyKeyAsAServerWithoutAuthenticationAndSpringAisDefaults() {
        // given
        MockEnvironment environment = new MockEnvironment().withProperty("spring.ai.openai.api-key", "");

        // when
        OpenAiChatEndpoint endpoint = OpenAiChatEndpoint.fromSpringAiProperties(environment);

        // then
        assertThat(endpoint.apiKey()).isEmpty();
        assertThat(endpoint.model()).isEqualTo(OpenAiChatEndpoint.DEFAULT_MODEL);
        if (System.getenv("OPENAI_BASE_URL") == null) {
            assertThat(endpoint.baseUrl()).isEqualTo(URI.create(OpenAiChatEndpoint.DEFAULT_BASE_URL));
        }
    }
}
