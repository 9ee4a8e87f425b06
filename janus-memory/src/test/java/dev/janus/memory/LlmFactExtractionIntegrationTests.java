package dev.janus.memory;

import java.time.Duration;

import dev.janus.bus.EventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.JanusEvent;
import dev.janus.events.LearnedFact;
import dev.janus.memory.facts.ChatCompletionsServer;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.facts.FactExtractor;
import dev.janus.memory.facts.LlmFactExtractor;
import dev.janus.memory.facts.RuleBasedFactExtractor;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.janus.memory.MemoryComponentIntegrationTests.base;
import static dev.janus.memory.MemoryComponentIntegrationTests.contextFor;
import static dev.janus.memory.MemoryComponentIntegrationTests.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The memory component with {@code janus.memory.facts.extractor=llm}: its configuration, the real bus, and a real HTTP
 * server speaking OpenAI's chat-completions JSON where Spring AI's {@code spring.ai.openai.base-url} points.
 */
class LlmFactExtractionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ChatCompletionsServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ChatCompletionsServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ApplicationContextRunner withLlm() {
        return base().withPropertyValues("janus.bus.type=memory", "janus.memory.facts.extractor=llm",
                "spring.ai.openai.base-url=" + server.baseUrl(), "spring.ai.openai.api-key=sk-integration",
                "spring.ai.openai.chat.model=gpt-4o-mini");
    }

    @Test
    void storesAMessagesFactsFromTheModelsAnswer() {
        withLlm().run(context -> {
            assertThat(context.getBean(FactExtractor.class)).isInstanceOf(LlmFactExtractor.class);
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                // given: a phrasing no rule knows, and the model's answer to it
                server.thenAnswer("```json\n[{\"attribute\":\"home city\",\"value\":\"Lisbon\"},"
                        + "{\"attribute\":\"occupation\",\"value\":\"tram driver\"}]\n```");
                JanusEvent said = message("s-llm", "ivy", "Twenty years driving the 28 through Alfama, that's me.");

                // when: the message through the flow (recorded from the message and from its context request)
                contextFor(harness, said);

                // then: facts learned, published and recalled from the model's answer, asked for once
                assertThat(context.getBean(FactBook.class).current("ivy"))
                        .extracting(Fact::attribute, Fact::value)
                        .containsExactlyInAnyOrder(tuple("location", "Lisbon"), tuple("job", "tram driver"));
                JanusEvent learned = harness.awaitEvent(EventType.MEMORY_FACT_LEARNED,
                        event -> event.contentAs(LearnedFact.class).fact().attribute().equals("job"), WAIT);
                assertThat(learned.causationId()).isEqualTo(said.eventId());
                ChatCompletionsServer.Received request = server.takeRequest();
                assertThat(request.authorization()).isEqualTo("Bearer sk-integration");
                assertThat(request.body()).contains("\"model\":\"gpt-4o-mini\"", "Twenty years driving the 28");
                assertThat(server.pendingRequests()).isZero();
                AssembledContext assembled = contextFor(harness, message("s-llm", "ivy", "Where do I live?"));
                assertThat(assembled.facts()).extracting(Fact::attribute, Fact::value)
                        .contains(tuple("location", "Lisbon"));
            }
        });
    }

    @Test
    void storesTheRuleBasedFactsWhenTheModelFails() {
        withLlm().run(context -> {
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                // given
                server.then(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");

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
    void refusesToStartWithABaseUrlThatIsNoUrl() {
        withLlm().withPropertyValues("spring.ai.openai.base-url=localhost:8000").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.openai.base-url must be an http(s) URL"));
    }
}
