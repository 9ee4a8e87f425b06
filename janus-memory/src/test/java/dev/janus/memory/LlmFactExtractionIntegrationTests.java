package dev.janus.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.janus.bus.EventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.JanusEvent;
import dev.janus.memory.facts.ChatApiServer;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.facts.FactExtractor;
import dev.janus.memory.facts.LlmFactExtractor;
import dev.janus.memory.facts.ModelApi;
import dev.janus.memory.facts.RuleBasedFactExtractor;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.janus.memory.MemoryComponentIntegrationTests.base;
import static dev.janus.memory.MemoryComponentIntegrationTests.contextFor;
import static dev.janus.memory.MemoryComponentIntegrationTests.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The memory component with {@code janus.memory.facts.extractor=llm}: its configuration, the real bus, and a real HTTP
 * server speaking each provider's chat API where Spring AI's {@code spring.ai.<provider>.base-url} points.
 */
class LlmFactExtractionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ChatApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ChatApiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The extractor asking {@code api}'s provider, chosen as the LLM component's provider. */
    private ApplicationContextRunner withLlm(ModelApi api) {
        List<String> properties = new ArrayList<>(List.of("janus.bus.type=memory", "janus.memory.facts.extractor=llm",
                "janus.llm.provider=" + api.provider()));
        api.settings(server, "sk-integration").forEach((name, value) -> properties.add(name + "=" + value));
        return base().withPropertyValues(properties.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(ModelApi.class)
    void storesAMessagesFactsFromTheModelOfTheLlmProvider(ModelApi api) {
        withLlm(api).run(context -> {
            assertThat(context.getBean(FactExtractor.class)).isInstanceOf(LlmFactExtractor.class);
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                // given: a phrasing no rule knows, and the model's answer to it
                server.then(200, api.answer("{\"facts\":[{\"attribute\":\"home city\",\"value\":\"Lisbon\"},"
                        + "{\"attribute\":\"occupation\",\"value\":\"tram driver\"}]}"));
                String user = "ivy-" + api.provider();
                JanusEvent said = message("s-llm-" + api.provider(), user,
                        "Twenty years driving the 28 through Alfama, that's me.");

                // when: the message through the flow (recorded from the message and from its context request)
                contextFor(harness, said);

                // then: facts learned, published and recalled from the model's answer, asked for once
                assertThat(context.getBean(FactBook.class).current(user))
                        .extracting(Fact::attribute, Fact::value)
                        .containsExactlyInAnyOrder(tuple("location", "Lisbon"), tuple("job", "tram driver"));
                JanusEvent learned = harness.awaitEvent(EventType.MEMORY_FACT_LEARNED,
                        event -> event.content(EventKeys.MEMORY_FACT_LEARNED).fact().attribute().equals("job"), WAIT);
                assertThat(learned.causationId()).isEqualTo(said.eventId());
                ChatApiServer.Received request = server.takeRequest();
                assertThat(request.path()).isEqualTo(api.path());
                assertThat(request.body()).contains("Twenty years driving the 28");
                assertThat(server.pendingRequests()).isZero();
                AssembledContext assembled = contextFor(harness, message("s-llm-" + api.provider(), user,
                        "Where do I live?"));
                assertThat(assembled.facts()).extracting(Fact::attribute, Fact::value)
                        .contains(tuple("location", "Lisbon"));
            }
        });
    }

    @Test
    void forgettingAUserDropsTheModelsAnswersToWhatTheySaid() {
        withLlm(ModelApi.OPENAI).run(context -> {
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                // given una's message, whose facts the model gave (and the extractor remembers by text)
                String text = "Twenty years driving the 28 through Alfama, that's me.";
                server.then(200, ModelApi.OPENAI.answer("{\"facts\":[{\"attribute\":\"occupation\","
                        + "\"value\":\"tram driver\"}]}"))
                        .then(200, ModelApi.OPENAI.answer("{\"facts\":[]}"));
                contextFor(harness, message("s-llm-forget", "una", text));
                assertThat(server.takeRequest().body()).contains("Twenty years driving the 28");
                assertThat(context.getBean(FactBook.class).current("una")).isNotEmpty();

                // when she is forgotten
                context.getBean(UserMemories.class).forget("una");

                // then the text is no longer answered from the extractor's cache: the model is asked again
                assertThat(context.getBean(FactExtractor.class).extract(text)).isEmpty();
                assertThat(server.takeRequest().body()).contains("Twenty years driving the 28");
            }
        });
    }

    @Test
    void asksTheProviderNamedForFactsWhateverTheLlmComponentUses() {
        withLlm(ModelApi.OLLAMA).withPropertyValues("janus.llm.provider=offline", "janus.memory.facts.provider=ollama")
                .run(context -> {
                    try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                        server.then(200, ModelApi.OLLAMA.answer("{\"facts\":[{\"attribute\":\"pet\","
                                + "\"value\":\"a cat called Tom\"}]}"));

                        contextFor(harness, message("s-llm-ollama-only", "tom", "Tom, my cat, keeps me company."));

                        assertThat(context.getBean(FactBook.class).current("tom"))
                                .extracting(Fact::attribute, Fact::value).containsExactly(tuple("pet", "a cat called Tom"));
                        assertThat(server.takeRequest().path()).isEqualTo("/api/chat");
                    }
                });
    }

    @Test
    void storesTheRuleBasedFactsWhenTheModelFails() {
        withLlm(ModelApi.OPENAI).run(context -> {
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                // given
                server.then(503, ChatApiServer.openAiError("server_error", "overloaded"));

                // when
                contextFor(harness, message("s-llm-down", "jon", "My name is Jon and I work at Initech."));

                // then
                assertThat(context.getBean(FactBook.class).current("jon"))
                        .extracting(Fact::attribute, Fact::value)
                        .containsExactlyInAnyOrder(tuple("name", "Jon"), tuple("employer", "Initech"));
                assertThat(server.takeRequest().body()).contains("My name is Jon and I work at Initech.");
            }
        });
    }

    @Test
    void usesTheRulesByDefault() {
        base().withPropertyValues("janus.bus.type=memory").run(context ->
                assertThat(context.getBean(FactExtractor.class)).isInstanceOf(RuleBasedFactExtractor.class));
    }

    @Test
    void refusesToStartWithAnUnknownExtractor() {
        base().withPropertyValues("janus.bus.type=memory", "janus.memory.facts.extractor=gpt").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("janus.memory.facts.extractor must be 'rules' or 'llm', but was 'gpt'"));
    }

    @Test
    void refusesToStartWithAnUnknownProvider() {
        withLlm(ModelApi.OPENAI).withPropertyValues("janus.memory.facts.provider=mistral").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("janus.memory.facts.provider must be 'openai', 'ollama' or "
                                + "'anthropic', but was 'mistral'"));
    }

    @Test
    void refusesToStartWithoutTheKeyTheProviderNeeds() {
        base().withPropertyValues("janus.bus.type=memory", "janus.memory.facts.extractor=llm",
                "janus.memory.facts.provider=anthropic").run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("no API key is configured for the provider "
                                + "'anthropic': set spring.ai.anthropic.api-key"));
    }
}
