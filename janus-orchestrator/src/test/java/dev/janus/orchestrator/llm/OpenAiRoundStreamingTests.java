package dev.janus.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.events.JanusEvent;
import dev.janus.models.ChatModels;
import dev.janus.models.ModelFailure;
import dev.janus.testkit.EventFixtures;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** One round read from a real HTTP server speaking OpenAI's SSE by the blocking client on the calling thread. */
class OpenAiRoundStreamingTests {

    private WireServer server;
    private OpenAiRoundStreaming streaming;
    /** The threads the reply's deltas were published from. */
    private final List<String> publishers = new CopyOnWriteArrayList<>();
    private ReplyInProgress reply;
    private StreamedRound round;
    /** What Spring AI's chat observations record, with the handlers its auto-configuration registers. */
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();

    @BeforeEach
    void start() throws Exception {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new ChatModelMeterObservationHandler(meters));
        server = new WireServer();
        ChatModels models = new ChatModels(new Binder(new MapConfigurationPropertySource(Map.of(
                "spring.ai.openai.base-url", server.url("/v1"), "spring.ai.openai.api-key", "test-key",
                "spring.ai.openai.chat.model", "gpt-4o-mini"))), observations);
        streaming = new OpenAiRoundStreaming(models.openAi(Duration.ofSeconds(30)));
        JanusEvent request = EventFixtures.textMessage("s-1", "hello");
        reply = new ReplyInProgress(request, event -> {
            publishers.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }, LlmProperties.defaults().delta());
        round = new StreamedRound(reply);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsAndReadsTheWholeRoundOnTheCallingThread() throws Exception {
        server.then(WireFormats.openAiStream("gpt-4o-mini-2024-07-18", List.of("Hello", " there"), 12, 3));

        streaming.stream(prompt(), round, reply, Duration.ofSeconds(10));

        assertThat(round.text()).isEqualTo("Hello there");
        assertThat(round.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(round.promptTokens()).isEqualTo(12);
        assertThat(round.completionTokens()).isEqualTo(3);
        assertThat(round.toolCalls()).isEmpty();
        assertThat(publishers).isNotEmpty().allSatisfy(thread -> assertThat(thread).isEqualTo(
                Thread.currentThread().getName()));
        assertThat(server.nextRequest().body()).contains("\"stream\":true", "\"model\":\"gpt-4o-mini\"",
                "\"content\":\"say hello\"");
    }

    @Test
    void observesEachRoundAsSpringAisOwnStreamingDoes() throws Exception {
        server.then(WireFormats.openAiStream("gpt-4o-mini-2024-07-18", List.of("Hello", " there"), 12, 3));
        server.then(WireFormats.openAiError(503, "overloaded", "try later"));

        streaming.stream(prompt(), round, reply, Duration.ofSeconds(10));
        assertThatThrownBy(() -> streaming.stream(prompt(), new StreamedRound(reply), reply, Duration.ofSeconds(10)));

        assertThat(meters.get("gen_ai.client.operation").tags("gen_ai.system", "openai", "gen_ai.operation.name",
                "chat", "gen_ai.request.model", "gpt-4o-mini", "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
                "error", "none").timer().count()).isEqualTo(1);
        assertThat(meters.get("gen_ai.client.operation").tags("gen_ai.request.model", "gpt-4o-mini",
                "error", "InternalServerException").timer().count()).isEqualTo(1);
        assertThat(meters.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "input").counter().count())
                .isEqualTo(12);
        assertThat(meters.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "output").counter().count())
                .isEqualTo(3);
    }

    @Test
    void joinsTheFragmentsOfParallelToolCallsByTheirIndex() throws Exception {
        server.then(WireFormats.openAiTwoToolCalls("gpt-4o-mini"));

        streaming.stream(prompt(), round, reply, Duration.ofSeconds(10));

        assertThat(round.toolCalls()).containsExactly(
                new AssistantMessage.ToolCall("call_A", "function", "calculator", "{\"expression\":\"2+2\"}"),
                new AssistantMessage.ToolCall("call_B", "function", "clock", "{}"));
        assertThat(round.text()).isEmpty();
    }

    @Test
    void failsTheRoundWithTheProvidersErrorStatus() {
        server.then(WireFormats.openAiError(429, "rate_limit_exceeded", "slow down"));

        assertThatThrownBy(() -> streaming.stream(prompt(), round, reply, Duration.ofSeconds(10)))
                .satisfies(failure -> assertThat(ModelFailure.of(failure).status()).isEqualTo(429));
    }

    @Test
    void anInterruptionStopsTheReadAtOnce() throws Exception {
        // the provider sends its first piece, then nothing more
        server.then(new WireServer.Reply(200, Map.of(), "text/event-stream",
                WireFormats.openAiStream("gpt-4o-mini", List.of("Once upon", " a time"), 1, 1).chunks().subList(0, 2),
                false).thenHang());
        CompletableFuture<Void> streamed = CompletableFuture.runAsync(() -> streamFor(Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(10)).until(() -> round.text().equals("Once upon"));

        reply.cancel("barge-in");

        assertThatThrownBy(() -> streamed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
        assertThat(round.text()).isEqualTo("Once upon");
    }

    @Test
    void anInterruptionBeforeTheProviderAnswersStopsTheWait() throws Exception {
        server.then(WireServer.Reply.silence());
        CompletableFuture<Void> streamed = CompletableFuture.runAsync(() -> streamFor(Duration.ofSeconds(60)));
        server.nextRequest();

        reply.cancel("barge-in");

        assertThatThrownBy(() -> streamed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
        assertThat(round.text()).isEmpty();
    }

    @Test
    void anInterruptOfTheCallingThreadStopsTheWaitForTheProvider() throws Exception {
        // given: a call the provider never answers, with a minute to go
        server.then(WireServer.Reply.silence());
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Void> streamed = CompletableFuture.runAsync(() -> {
            caller.complete(Thread.currentThread());
            streamFor(Duration.ofSeconds(60));
        });
        server.nextRequest();

        // when: the bus stops hard and interrupts its handler
        caller.get().interrupt();

        // then
        assertThatThrownBy(() -> streamed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void aProviderSilentPastTheTimeoutIsCutOff() {
        server.then(WireServer.Reply.silence());

        assertThatThrownBy(() -> streaming.stream(prompt(), round, reply, Duration.ofMillis(200)))
                .isInstanceOf(TimeoutException.class);
    }

    /** Streams the round, failing with the stream's exception. */
    private void streamFor(Duration timeout) {
        try {
            streaming.stream(prompt(), round, reply, timeout);
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Prompt prompt() {
        return new Prompt(List.of(new UserMessage("say hello")));
    }
}
