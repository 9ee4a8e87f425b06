package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.List;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.TestBuses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LlmComponentTests {

    private final InMemoryEventBus bus = TestBuses.inMemory(BusProperties.defaults());

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void answersThroughTheConfiguredProvider() {
        // when
        LlmComponent component = new LlmComponent(bus, new OfflineResponder());

        // then
        assertThat(component.provider().name()).isEqualTo("offline");
    }

    @Test
    void refusesAProviderThatIsNotThereAndNamesTheOnesThatAre() {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LlmComponent(bus, List.of(new WholeReplyProvider(new OfflineResponder())),
                        LlmProperties.defaults().withProvider("openai"), new ToolCatalogueView(),
                        new ToolRounds(bus, Duration.ofSeconds(1)), new SimpleMeterRegistry()))
                .withMessage("janus.llm names the provider 'openai', but no such provider is available; available: "
                        + "offline");
    }

    @Test
    void answersAnLlmRequestWithAGeneratedResponseInTheSameFlow() throws Exception {
        // given
        LlmComponent component = new LlmComponent(bus, new OfflineResponder());
        component.start();
        JanusEvent message = EventFixtures.textMessage("stream-1", "hi");
        JanusEvent requested = message.reply(EventKeys.ORCHESTRATOR_LLM_REQUESTED,
                new LlmRequest("hi", "greeting", AssembledContext.empty(), List.of(), List.of()), "janus-orchestrator");

        // when
        JanusEvent generated;
        try (EventTestHarness harness = new EventTestHarness(bus)) {
            generated = harness.sendAndWait(requested, EventType.LLM_RESPONSE_GENERATED, Duration.ofSeconds(5));
        }
        finally {
            component.stop();
        }

        // then
        assertThat(generated.causationId()).isEqualTo(requested.eventId());
        assertThat(generated.context().source()).isEqualTo(LlmComponent.GROUP);
        assertThat(generated.content(EventKeys.LLM_RESPONSE_GENERATED).text()).startsWith(OfflineResponder.INTRODUCTION);
    }
}
