package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventHistory;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input service on a Redis of the test's own, which the test kills, pauses and brings back: readiness follows
 * Redis (liveness does not), a message while Redis is out of reach is refused with 503 {@code bus_unavailable} and
 * {@code Retry-After} once a command times out (an error frame on a chat socket, which stays open), and nothing is
 * left half-published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final String ADMIN_KEY = "outage-admin-key-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisProcess redis;
    private ConfigurableApplicationContext input;
    private String base;

    @BeforeAll
    void start() {
        redis = RedisProcess.start();
        input = new SpringApplicationBuilder(InputApplication.class).properties("spring.config.name=janus-input")
                .run("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.redis.url=" + redis.url(),
                        "--janus.bus.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
                        "--janus.input.voice.enabled=false", "--janus.input.video.enabled=false",
                        "--janus.security.api-keys[0].principal=ops", "--janus.security.api-keys[0].key=" + ADMIN_KEY,
                        "--janus.security.api-keys[0].roles=admin,user");
        base = "127.0.0.1:" + input.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    void stop() {
        input.close();
        redis.close();
    }

    @AfterEach
    void redisRunsAgain() {
        if (!answersPing()) {
            redis.restart();
        }
        awaitReadiness(200);
    }

    @Nested
    class Health {

        @Test
        void readinessGoesDownWhileRedisIsGoneAndUpWhenItReturnsWhileLivenessStaysUp() throws Exception {
            // given
            awaitReadiness(200);

            // when
            redis.kill();

            // then
            awaitReadiness(503);
            assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            JsonNode bus = JSON.readTree(get("/actuator/health/readiness").body()).at("/components/bus");
            assertThat(bus.path("status").asString()).isEqualTo("DOWN");
            assertThat(bus.at("/details/redis").asString()).isNotEqualTo("PONG");

            // when
            redis.restart();

            // then
            awaitReadiness(200);
            JsonNode ready = JSON.readTree(get("/actuator/health/readiness").body()).at("/components/bus/details");
            assertThat(ready.path("redis").asString()).isEqualTo("PONG");
            assertThat(ready.path("subscriptions").asInt()).isPositive();
            assertThat(ready.has("not_reading")).isFalse();
        }

        @Test
        void readinessIsUpWithinSecondsOfRedisReturningAfterALongOutage() {
            // given: Redis gone for 20 s, long enough for a client's reconnection back-off to grow past 10 s
            redis.kill();
            awaitReadiness(503);
            Awaitility.await("a 20 s outage").pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21))
                    .until(() -> true);

            // when
            redis.restart();

            // then: the clients try again at least every second
            awaitReadiness(200, Duration.ofSeconds(8));
        }

        @Test
        void readinessGoesDownWhileRedisIsFrozen() throws Exception {
            // given
            awaitReadiness(200);

            // when
            redis.pause();
            try {
                // then
                awaitReadiness(503);
                assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            }
            finally {
                redis.resume();
            }
            awaitReadiness(200);
        }
    }

    @Nested
    class Keys {

        @Test
        void anIssuedKeyWhileRedisIsOutOfReachIsAskedToRetryAndAConfiguredKeyStillServes() throws Exception {
            // given: an issued key, kept in Redis
            HttpResponse<String> issued = post("/api/v1/admin/api-keys", "{\"principal\":\"bob\"}");
            assertThat(issued.statusCode()).isEqualTo(201);
            String bobsKey = JSON.readTree(issued.body()).path("api_key").asString();

            // when Redis is frozen (its commands time out), then neither accepted nor refused as unknown, but asked to
            // come back
            redis.pause();
            try {
                HttpResponse<String> refused = get("/api/v1/me", bobsKey);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(JSON.readTree(refused.body()).at("/error/code").asString()).isEqualTo("bus_unavailable");
                assertThat(get("/api/v1/me").statusCode()).isEqualTo(200);
            }
            finally {
                redis.resume();
            }

            // when Redis answers again, then the issued key serves again
            assertThat(get("/api/v1/me", bobsKey).body()).contains("\"principal\":\"bob\"");

            // when Redis is gone, then the same
            redis.kill();
            assertThat(get("/api/v1/me", bobsKey).statusCode()).isEqualTo(503);
            assertThat(get("/api/v1/me", "not-a-key-of-anyone-at-all").statusCode()).isEqualTo(503);
        }
    }

    @Nested
    class Publishing {

        @Test
        void aMessageWhileRedisIsGoneIsRefusedWith503AndRetryAfterAndNothingIsPublished() throws Exception {
            // given
            redis.kill();

            // when
            HttpResponse<String> refused = postMessage("outage-rest", "hello?");

            // then
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(JSON.readTree(refused.body()).at("/error/code").asString()).isEqualTo("bus_unavailable");

            // when: Redis returns and the client sends it again
            redis.restart();
            awaitReadiness(200);
            HttpResponse<String> accepted = postMessage("outage-rest", "hello?");

            // then: the stream started once and holds the message once
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(types(history("outage-rest"))).containsExactly("input.stream.started", "input.message.received");
        }

        @Test
        void aMessageWhileRedisIsFrozenIsRefusedByTheTimedOutCommand() throws Exception {
            // given
            redis.pause();
            try {
                // when (the request's own 30 s timeout only catches runaway waiting; how fast the refusal comes is
                // not asserted here)
                HttpResponse<String> refused = postMessage("outage-frozen", "anyone there?");

                // then: refused because a Redis command timed out (Redis "out of reach"), not by the publish's own
                // timeout ("did not accept … within PT10S") or the container's
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                JsonNode error = JSON.readTree(refused.body()).path("error");
                assertThat(error.path("code").asString()).isEqualTo("bus_unavailable");
                assertThat(error.path("message").asString()).contains("Redis").contains("out of reach")
                        .doesNotContain("within PT");
            }
            finally {
                redis.resume();
            }
        }

        @Test
        void aChatFrameWhileRedisIsGoneGetsAnErrorFrameAndTheSocketStaysOpen() throws Exception {
            // given
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://" + base + "/ws/chat?stream_id=outage-socket&access_token=" + ADMIN_KEY), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).join();
            redis.kill();

            // when
            socket.sendText("{\"type\":\"message\",\"text\":\"hello?\"}", true).join();

            // then
            JsonNode error = JSON.readTree(frames.poll(20, TimeUnit.SECONDS));
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("bus_unavailable");

            // when: Redis returns and the client sends the frame again on the same socket
            redis.restart();
            awaitReadiness(200);
            socket.sendText("{\"type\":\"message\",\"text\":\"hello?\"}", true).join();

            // then
            assertThat(JSON.readTree(frames.poll(20, TimeUnit.SECONDS)).path("type").asString()).isEqualTo("accepted");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        @Test
        void aStreamWhoseStartTheBusRefusedIsStartedAgainByTheRetry() throws Exception {
            // given: Redis takes everything but writes to the stream of input.stream.started (an ACL)
            redis("ACL", "SETUSER", "default", "resetkeys", "~[^j]*", "~j[^a]*", "~janus:[^i]*", "~janus:i[^n]*",
                    "~janus:input.[^s]*", "~janus:input.s[^t]*", "~janus:input.stream.[^s]*");
            HttpResponse<String> refused;
            try {
                // when
                refused = postMessage("outage-half", "first words");
            }
            finally {
                redis("ACL", "SETUSER", "default", "allkeys");
            }

            // then: refused (a permission Redis denies is a fault, not an outage: 500), and the session it had opened
            // is gone, so the retry starts the stream
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(postMessage("outage-half", "first words").statusCode()).isEqualTo(202);
            assertThat(types(history("outage-half"))).containsExactly("input.stream.started", "input.message.received");
        }
    }

    private void awaitReadiness(int status) {
        awaitReadiness(status, Duration.ofSeconds(60));
    }

    /** Waits for readiness to answer {@code status}; a timeout names the last answer's body (what was not ready). */
    private void awaitReadiness(int status, Duration within) {
        Awaitility.await("readiness " + status).atMost(within).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> readiness = get("/actuator/health/readiness");
                    assertThat(readiness.statusCode()).as("readiness, answering %s", readiness.body())
                            .isEqualTo(status);
                });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, ADMIN_KEY);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postMessage(String streamId, String text) throws Exception {
        return post("/api/v1/streams/" + streamId + "/messages", "{\"text\":\"" + text + "\"}");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<JanusEvent> history(String streamId) {
        return input.getBean(EventHistory.class).conversation(streamId, "0", 100).events();
    }

    private static List<String> types(List<JanusEvent> events) {
        return events.stream().map(event -> event.eventType().wireName()).toList();
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(redis("PING"));
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    private Object redis(String command, String... arguments) {
        RedisClient client = RedisClient.create(redis.url());
        client.setDefaultTimeout(Duration.ofSeconds(2));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().dispatch(io.lettuce.core.protocol.CommandType.valueOf(command),
                    new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).addValues(arguments));
        }
        finally {
            client.shutdown();
        }
    }
}
