package dev.janus.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.janus.events.JanusEvent;
import dev.janus.models.ChatModels;
import dev.janus.testkit.EventFixtures;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** One round read from a real HTTP server speaking OpenAI's SSE by the blocking client on a reader thread. */
class OpenAiRoundStreamingTests {

    private WireServer server;
    private OpenAiRoundStreaming streaming;
    /** The threads the reply's deltas were published from. */
    private final List<String> publishers = new CopyOnWriteArrayList<>();
    private StreamedRound round;

    @BeforeEach
    void start() throws Exception {
        server = new WireServer();
        ChatModels models = new ChatModels(new Binder(new MapConfigurationPropertySource(Map.of(
                "spring.ai.openai.base-url", server.url("/v1"), "spring.ai.openai.api-key", "test-key",
                "spring.ai.openai.chat.model", "gpt-4o-mini"))), ObservationRegistry.NOOP);
        streaming = new OpenAiRoundStreaming(models.openAi(Duration.ofSeconds(30)));
        JanusEvent request = EventFixtures.textMessage("s-1", "hello");
        round = new StreamedRound(new ReplyInProgress(request, event -> {
            publishers.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }, LlmProperties.defaults().delta()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsAndReadsTheWholeRoundOnOneReaderThread() throws Exception {
        server.then(WireFormats.openAiStream("gpt-4o-mini-2024-07-18", List.of("Hello", " there"), 12, 3));
        CompletableFuture<Void> done = new CompletableFuture<>();

        streaming.start(prompt(), round, done);
        done.get(10, TimeUnit.SECONDS);

        assertThat(round.text()).isEqualTo("Hello there");
        assertThat(round.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(round.promptTokens()).isEqualTo(12);
        assertThat(round.completionTokens()).isEqualTo(3);
        assertThat(round.toolCalls()).isEmpty();
        assertThat(publishers).isNotEmpty().allSatisfy(thread -> assertThat(thread).isEqualTo(
                "janus-llm-stream-reader"));
        assertThat(server.nextRequest().body()).contains("\"stream\":true", "\"model\":\"gpt-4o-mini\"",
                "\"content\":\"say hello\"");
    }

    @Test
    void joinsTheFragmentsOfParallelToolCallsByTheirIndex() throws Exception {
        server.then(WireFormats.openAiTwoToolCalls("gpt-4o-mini"));
        CompletableFuture<Void> done = new CompletableFuture<>();

        streaming.start(prompt(), round, done);
        done.get(10, TimeUnit.SECONDS);

        assertThat(round.toolCalls()).containsExactly(
                new AssistantMessage.ToolCall("call_A", "function", "calculator", "{\"expression\":\"2+2\"}"),
                new AssistantMessage.ToolCall("call_B", "function", "clock", "{}"));
        assertThat(round.text()).isEmpty();
    }

    @Test
    void failsTheRoundWithTheProvidersErrorStatus() {
        server.then(WireFormats.openAiError(429, "rate_limit_exceeded", "slow down"));
        CompletableFuture<Void> done = new CompletableFuture<>();

        streaming.start(prompt(), round, done);

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .satisfies(failure -> assertThat(ProviderFailure.of(failure).status()).isEqualTo(429));
    }

    @Test
    void aStoppedRoundEndsItsReaderWithoutWaitingForTheProvider() throws Exception {
        // the provider sends its first piece, then nothing more
        server.then(new WireServer.Reply(200, Map.of(), "text/event-stream",
                WireFormats.openAiStream("gpt-4o-mini", List.of("Once upon", " a time"), 1, 1).chunks().subList(0, 2),
                false).thenHang());
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable stop = streaming.start(prompt(), round, done);
        await().atMost(Duration.ofSeconds(10)).until(() -> round.text().equals("Once upon"));

        stop.run();

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(round.text()).isEqualTo("Once upon");
    }

    @Test
    void aRoundStoppedBeforeTheProviderAnswersEndsItsReader() throws Exception {
        server.then(WireServer.Reply.silence());
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable stop = streaming.start(prompt(), round, done);
        server.nextRequest();

        stop.run();

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(round.text()).isEmpty();
    }

    private static Prompt prompt() {
        return new Prompt(List.of(new UserMessage("say hello")));
    }
}
