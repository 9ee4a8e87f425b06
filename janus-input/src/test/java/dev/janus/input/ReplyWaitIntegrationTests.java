package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ?wait=} is honoured past the container's asynchronous request timeout (cut to 1 s here, where Tomcat's
 * default is 30 s): a reply that comes later is still answered 200, no reply is 504 {@code reply_timeout} with the
 * correlation id once the whole wait is over, never 500; a Server-Sent Events stream outlives that timeout too.
 * A scripted peer on the in-memory bus answers "late ..." messages after {@link #LATE}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1", "spring.mvc.async.request-timeout=1s",
                "janus.input.max-wait=4s", "janus.input.voice.enabled=false", "janus.input.video.enabled=false" })
class ReplyWaitIntegrationTests {

    private static final Duration LATE = Duration.ofMillis(2_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private Subscription peer;

    @BeforeEach
    void startPeer() {
        peer = bus.subscribe("input.message.received", "late-peer", event -> {
            String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
            if (text.startsWith("late")) {
                FormattedResponse reply = new FormattedResponse("at last: " + text, "chat", "markdown", List.of());
                later.schedule(() -> {
                    bus.publish(event.reply(EventKeys.ORCHESTRATOR_RESPONSE_READY, reply, "late-peer")).join();
                    bus.publish(event.reply(EventKeys.OUTPUT_FORMATTING_COMPLETED, reply, "late-peer")).join();
                }, LATE.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    @AfterEach
    void stopPeer() {
        peer.cancel();
        later.shutdownNow();
    }

    @Test
    void aReplyAfterTheAsyncTimeoutButWithinTheWaitIsAnswered() throws Exception {
        // when
        HttpResponse<String> response = post("wait-late", "late answer", 4);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("text").asString()).isEqualTo("at last: late answer");
    }

    @Test
    void noReplyWithinTheWaitIs504WithTheCorrelationIdOnceTheWaitIsOver() throws Exception {
        // when
        long started = System.nanoTime();
        HttpResponse<String> response = post("wait-silent", "silence", 3);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("reply_timeout");
        assertThat(error.path("correlation_id").asString()).isNotBlank();
        assertThat(took).as("waited the whole wait, not the 1 s asynchronous timeout").isGreaterThanOrEqualTo(
                Duration.ofSeconds(3));
    }

    @Test
    void aWaitBeyondTheMaximumIsRefused() throws Exception {
        HttpResponse<String> response = post("wait-long", "silence", 5);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/code").asString()).isEqualTo("invalid_wait");
    }

    @Test
    void anEventStreamOutlivesTheAsyncTimeout() throws Exception {
        // given
        HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/wait-sse/responses")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> sse.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();

        // when: a reply comes twice the asynchronous timeout later
        assertThat(post("wait-sse", "late over sse", 0).statusCode()).isEqualTo(202);

        // then
        String data = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (data == null && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:") && line.contains("at last")) {
                data = line.substring(5);
            }
        }
        assertThat(data).as("the reply arrived on the event stream").isNotNull();
        assertThat(JSON.readTree(data).path("text").asString()).isEqualTo("at last: late over sse");
    }

    private HttpResponse<String> post(String streamId, String text, int waitSeconds) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId
                + "/messages" + (waitSeconds > 0 ? "?wait=" + waitSeconds : "")))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
