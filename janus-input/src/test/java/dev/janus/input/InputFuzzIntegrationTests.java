package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the client edge with random and mutated input: REST bodies and chat frames get an
 * answer — accepted, or a clear error naming a code — never a server error, a dropped connection or an event
 * published for input that was refused.
 */
class InputFuzzIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext input;
    private static String base;

    @BeforeContainer
    static void start() {
        input = new SpringApplicationBuilder(InputApplication.class).properties("spring.config.name=janus-input",
                "janus.bus.type=memory", "server.port=0", "server.address=127.0.0.1", "janus.input.max-body-bytes=4096",
                "janus.input.voice.enabled=false", "janus.input.video.enabled=false").run();
        base = "127.0.0.1:" + input.getEnvironment().getProperty("local.server.port");
    }

    @AfterContainer
    static void stop() {
        input.close();
    }

    @Property(tries = 300)
    void anyBodyIsAcceptedOrRefusedWithAClearError(@ForAll("bodies") String body) throws Exception {
        // given
        int before = published();

        // when
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + base
                + "/api/v1/streams/fuzzed/messages")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        // then
        int status = response.statusCode();
        assertThat(status).as(body).isIn(202, 400, 413);
        if (status != 202) {
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertThat(error.get("code").asString()).isNotBlank();
            assertThat(error.get("message").asString()).isNotBlank();
        }
        // nothing half-published: an accepted message reached the bus, a refused one did not
        assertThat(published()).isEqualTo(status == 202 ? before + 1 : before);
    }

    @Property(tries = 200)
    void anyChatFrameIsAnsweredAndTheSocketStaysOpen(@ForAll("frames") String frame) throws Exception {
        // given
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/ws/chat?stream_id=fuzzed"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answers.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        int before = published();

        // when
        socket.sendText(frame, true).join();

        // then: one answer, accepted or an error with a code, and the socket still works
        JsonNode answer = JSON.readTree(answers.poll(10, TimeUnit.SECONDS));
        assertThat(answer.get("type").asString()).isIn("accepted", "error", "interrupted");
        if (answer.get("type").asString().equals("error")) {
            assertThat(answer.get("code").asString()).isNotBlank();
            assertThat(published()).isEqualTo(before);
        }
        socket.sendText("{\"type\":\"message\",\"text\":\"still there?\"}", true).join();
        assertThat(JSON.readTree(answers.poll(10, TimeUnit.SECONDS)).get("type").asString()).isEqualTo("accepted");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Property(tries = 100)
    void anyBinaryFrameIsAnswered(@ForAll @Size(max = 2_000) byte[] bytes) throws Exception {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/ws/chat?stream_id=fuzzed"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answers.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        assertThat(JSON.readTree(answers.poll(10, TimeUnit.SECONDS)).get("type").asString())
                .isIn("accepted", "error", "interrupted");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> valid = Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                .map(text -> "{\"text\":" + JSON.writeValueAsString(text) + ",\"user_id\":\"ada\"}");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), valid, mutated(valid),
                Arbitraries.strings().withChars("{}[]\":,tnufale0123456789 ").ofMaxLength(200),
                Arbitraries.integers().between(1, 5_000).map(depth -> "[".repeat(depth)),
                Arbitraries.strings().ofLength(5_000));
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> valid = Arbitraries.of("message", "interrupt", "feedback", "dance").flatMap(type ->
                Arbitraries.strings().ofMaxLength(100).map(text -> "{\"type\":\"" + type + "\",\"text\":"
                        + JSON.writeValueAsString(text) + ",\"suggestion_id\":\"s-1\",\"feedback\":"
                        + JSON.writeValueAsString(text) + "}"));
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(300), valid, mutated(valid));
    }

    private static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return valid.flatMap(json -> Arbitraries.integers().between(0, Math.max(0, json.length() - 1))
                .flatMap(at -> Arbitraries.of(List.of(
                        json.substring(0, at),
                        json.substring(0, at) + "\"" + json.substring(at),
                        json.substring(0, at) + "}" + json.substring(at),
                        json.substring(0, at) + "\u0000" + json.substring(at)))));
    }

    private static int published() {
        return ((EventHistory) input.getBean(EventBus.class))
                .recentEvents(EventPattern.of("input.message.received"), null, 100_000).size();
    }
}
