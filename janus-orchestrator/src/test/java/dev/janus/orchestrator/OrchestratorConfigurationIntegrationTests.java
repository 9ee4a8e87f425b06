package dev.janus.orchestrator;

import java.time.Duration;
import java.util.List;

import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.redis.SharedRedis;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.orchestrator.flow.ConversationFlow;
import dev.janus.orchestrator.intent.EmbeddingIntentClassifier;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.join.InMemoryJoinStore;
import dev.janus.orchestrator.join.JoinStore;
import dev.janus.orchestrator.join.RedisJoinStore;
import dev.janus.orchestrator.llm.LlmComponent;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class OrchestratorConfigurationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class))
            .withUserConfiguration(OrchestratorConfiguration.class)
            // the orchestrator alone: no memory or tools component answers
            .withPropertyValues("janus.orchestrator.branches.memory=false", "janus.orchestrator.branches.tools=false");

    @Test
    void answersTheSeedsConversationOnTheInMemoryBusWithTheRealClassifier() {
        runner.run(context -> {
            // given
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(IntentClassifier.class)).isInstanceOf(EmbeddingIntentClassifier.class);
            assertThat(context.getBean(JoinStore.class)).isInstanceOf(InMemoryJoinStore.class);
            assertThat(context.getBean(ConversationFlow.class).isRunning()).isTrue();
            assertThat(context.getBean(LlmComponent.class).isRunning()).isTrue();
            JanusEvent message = EventFixtures.textMessage("test_conversation", "Hello, can you help me?");

            // when
            JanusEvent ready;
            try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);
            }

            // then
            assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text().toLowerCase()).contains("help");
        });
    }

    @Test
    void joinsInRedisWhenTheBusIsRedis(RedisEndpoint redis) {
        runner.withPropertyValues("janus.bus.type=redis", "janus.bus.redis.url=" + redis.url(),
                        "janus.bus.redis.block=50ms", "janus.bus.redis.discovery-interval=100ms")
                .withBean(IntentClassifier.class, () -> text -> new ClassifiedIntent("help", 0.9, List.of()))
                .run(context -> {
                    // given
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JoinStore.class)).isInstanceOf(RedisJoinStore.class);
                    JanusEvent message = EventFixtures.textMessage("redis-conversation", "Hello, can you help me?");

                    // when
                    JanusEvent ready;
                    try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                        ready = harness.sendAndWait(message, EventType.ORCHESTRATOR_RESPONSE_READY, WAIT);
                    }

                    // then
                    assertThat(ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY).text().toLowerCase()).contains("help");
                    assertThat(context.getBean(SharedRedis.class).sync()
                            .hget(RedisJoinStore.key(message.correlationId()), "responded")).isNotNull();
                });
    }

    @Test
    void refusesToStartWithAProviderThatIsNotThere() {
        runner.withPropertyValues("janus.llm.provider=mistral")
                .withBean(IntentClassifier.class, () -> text -> new ClassifiedIntent("help", 0.9, List.of()))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessage(
                        "janus.llm names the provider 'mistral', but no such provider is available; available: "
                                + "offline"));
    }

    @Test
    void refusesToStartAModelProviderWithoutItsKeyAndSaysWhichPropertyToSet() {
        runner.withPropertyValues("janus.llm.provider=anthropic")
                .withBean(IntentClassifier.class, () -> text -> new ClassifiedIntent("help", 0.9, List.of()))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(
                        "set spring.ai.anthropic.api-key"));
    }

    @Test
    void startsWithAnOpenAiCompatibleProviderConfiguredBySpringAiPropertiesWithoutNetwork() {
        runner.withPropertyValues("janus.llm.provider=openai", "spring.ai.openai.base-url=http://127.0.0.1:9/v1",
                        "spring.ai.openai.api-key=", "spring.ai.openai.chat.model=local-model",
                        "janus.llm.fallback=ollama")
                .withBean(IntentClassifier.class, () -> text -> new ClassifiedIntent("help", 0.9, List.of()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LlmComponent llm = context.getBean(LlmComponent.class);
                    assertThat(llm.provider().name()).isEqualTo("openai");
                    assertThat(llm.provider("ollama")).isNotNull();
                    assertThat(llm.provider("offline")).isNotNull();
                });
    }

    @Test
    void leavesTheLlmComponentOutWhenDisabled() {
        runner.withPropertyValues("janus.llm.enabled=false")
                .withBean(IntentClassifier.class, () -> text -> new ClassifiedIntent("help", 0.9, List.of()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(LlmComponent.class);
                    assertThat(context).hasSingleBean(ConversationFlow.class);
                });
    }
}
