package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.janus.events.EventType;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.janus.bus.EventBus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With API keys, each stream belongs for life to the principal that first used it, and a principal speaks only as
 * itself: another principal is refused on every endpoint and socket of a stream, ended streams do not change
 * hands, sockets are refused before they open, a socket's every frame is checked again, and a revoked key closes
 * its sockets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "janus.bus.type=memory", "server.address=127.0.0.1",
        "janus.security.api-keys[0].principal=ada", "janus.security.api-keys[0].key=" + StreamOwnershipIntegrationTests.ADA,
        "janus.security.api-keys[1].principal=bob", "janus.security.api-keys[1].key=" + StreamOwnershipIntegrationTests.BOB,
        "janus.security.api-keys[2].principal=ops", "janus.security.api-keys[2].roles=admin",
        "janus.security.api-keys[2].key=" + StreamOwnershipIntegrationTests.OPS,
        "janus.security.api-keys[3].principal=carl", "janus.security.api-keys[3].key=" + StreamOwnershipIntegrationTests.CARL,
        "janus.security.api-keys[4].principal=dee", "janus.security.api-keys[4].key=" + StreamOwnershipIntegrationTests.DEE,
        "janus.security.api-keys[5].principal=fay", "janus.security.api-keys[5].key=" + StreamOwnershipIntegrationTests.FAY,
        "janus.security.key-recheck-interval=200ms", "janus.input.max-sockets-per-principal=8",
        "janus.security.rate-limit.requests-per-second=1000", "janus.security.rate-limit.burst=1000",
        "janus.input.voice.max-audio-rate=1", "janus.input.voice.audio-burst=3s" })
class StreamOwnershipIntegrationTests {

    static final String ADA = "ada-key-0123456789abcdef";
    static final String BOB = "bob-key-0123456789abcdef";
    static final String OPS = "ops-key-0123456789abcdef";
    static final String CARL = "carl-key-0123456789abcdef";
    static final String DEE = "dee-key-0123456789abcdefg";
    static final String FAY = "fay-key-0123456789abcdefg";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    private final HttpClient http = HttpClient.newHttpClient();

    @Nested
    class Rest {

        @Test
        void anotherPrincipalIsRefusedOnEveryEndpointOfAStreamAndItsOwnerAndAnAdminAreNot() throws Exception {
            // given ada's stream
            String stream = open(ADA, "{\"session_type\":\"chat\"}");
            String base = "/api/v1/streams/" + stream;
            Map<String, String[]> endpoints = Map.of(
                    "post message", new String[] { "POST", base + "/messages", "{\"text\":\"hi\"}" },
                    "outbox", new String[] { "GET", base + "/messages", null },
                    "events", new String[] { "GET", base + "/events", null },
                    "events as lines", new String[] { "GET", base + "/events?format=jsonl", null },
                    "interrupt", new String[] { "POST", base + "/interrupt", null },
                    "feedback", new String[] { "POST", base + "/suggestions/sug-1", "{\"feedback\":\"accepted\"}" },
                    "end", new String[] { "DELETE", base, null });

            // then bob gets 403 everywhere, ada and the admin do not
            for (Map.Entry<String, String[]> endpoint : endpoints.entrySet()) {
                String[] call = endpoint.getValue();
                HttpResponse<String> bobs = send(call[0], call[1], call[2], BOB);
                assertThat(bobs.statusCode()).as(endpoint.getKey()).isEqualTo(403);
                assertThat(bobs.body()).as(endpoint.getKey()).contains("\"code\":\"forbidden\"");
                if (!endpoint.getKey().equals("end")) {
                    assertThat(send(call[0], call[1], call[2], ADA).statusCode()).as(endpoint.getKey()).isLessThan(300);
                    assertThat(send(call[0], call[1], call[2], OPS).statusCode()).as(endpoint.getKey()).isLessThan(300);
                }
            }
            assertThat(send("GET", base + "/responses", null, BOB).statusCode()).isEqualTo(403);
            assertThat(send("POST", base + "/messages", "{\"text\":\"hi\"}", null).statusCode()).isEqualTo(401);
            assertThat(send("DELETE", base, null, ADA).statusCode()).isEqualTo(200);
        }

        @Test
        void aMessageNamingAnotherUserIsRefusedAndPublishesNothing() throws Exception {
            // given
            String stream = "bobs-own-" + System.nanoTime();
            try (EventTestHarness harness = new EventTestHarness(bus)) {
                // when bob asks as alice
                HttpResponse<String> response = send("POST", "/api/v1/streams/" + stream + "/messages",
                        "{\"text\":\"What is my secret word?\",\"user_id\":\"ada\"}", BOB);

                // then
                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(response.body()).contains("\"code\":\"user_mismatch\"");
                HttpResponse<String> own = send("POST", "/api/v1/streams/" + stream + "/messages",
                        "{\"text\":\"hello\"}", BOB);
                assertThat(own.statusCode()).isEqualTo(202);
                assertThat(harness.awaitEvent(EventType.INPUT_MESSAGE_RECEIVED, event -> event.streamId().equals(stream),
                        Duration.ofSeconds(5)).context().userId()).isEqualTo("bob");
                assertThat(harness.publishedEvents().stream().filter(event -> event.streamId().equals(stream))
                        .filter(event -> event.eventType() == EventType.INPUT_MESSAGE_RECEIVED)).hasSize(1);
            }
        }

        @Test
        void anAdminMayActForAnyUser() throws Exception {
            HttpResponse<String> response = send("POST", "/api/v1/streams/ops-" + System.nanoTime() + "/messages",
                    "{\"text\":\"hi\",\"user_id\":\"ada\"}", OPS);
            assertThat(response.statusCode()).isEqualTo(202);
        }

        @Test
        void anEndedStreamDoesNotChangeHands() throws Exception {
            // given ada's conversation, ended
            String stream = "ada-ends-" + System.nanoTime();
            assertThat(send("POST", "/api/v1/streams/" + stream + "/messages", "{\"text\":\"my secret is 42\"}", ADA)
                    .statusCode()).isEqualTo(202);
            assertThat(send("DELETE", "/api/v1/streams/" + stream, null, ADA).statusCode()).isEqualTo(200);

            // when bob posts to its id, then he does not become its owner nor reads it
            assertThat(send("POST", "/api/v1/streams/" + stream + "/messages", "{\"text\":\"mine\"}", BOB).statusCode())
                    .isEqualTo(403);
            assertThat(send("GET", "/api/v1/streams/" + stream + "/events", null, BOB).statusCode()).isEqualTo(403);
            // ada reads her history and reopens it
            assertThat(send("GET", "/api/v1/streams/" + stream + "/events", null, ADA).body()).contains("my secret is 42");
            assertThat(send("POST", "/api/v1/streams/" + stream + "/messages", "{\"text\":\"back\"}", ADA).statusCode())
                    .isEqualTo(202);
        }
    }

    @Nested
    class Sockets {

        @ParameterizedTest
        @ValueSource(strings = { "chat", "audio", "video" })
        void aSocketOnAnotherPrincipalsStreamIsRefusedBeforeItOpens(String kind) throws Exception {
            String stream = open(ADA, "{}");
            assertThatThrownBy(() -> socket(kind, "stream_id=" + stream + "&access_token=" + BOB, null).join())
                    .hasStackTraceContaining("status code 403");
            assertThat(socket(kind, "stream_id=" + stream + "&access_token=" + ADA, null).join()).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = { "chat", "audio", "video" })
        void aSocketNamingAnotherUserIsRefused(String kind) {
            assertThatThrownBy(() -> socket(kind, "stream_id=bob-" + kind + System.nanoTime() + "&user_id=ada"
                    + "&access_token=" + BOB, null).join()).hasStackTraceContaining("status code 403");
        }

        @Test
        void theOwnerOfAMeetingConnectsItsParticipantsAudio() throws Exception {
            String meeting = open(ADA, "{\"session_type\":\"meeting\",\"participants\":[\"ada\",\"lin\"]}");
            assertThat(socket("audio", "stream_id=" + meeting + "&user_id=lin&access_token=" + ADA, null).join())
                    .isNotNull();
            assertThatThrownBy(() -> socket("audio", "stream_id=" + meeting + "&user_id=grace&access_token=" + ADA,
                    null).join()).hasStackTraceContaining("status code 403");
        }

        @Test
        void audioSentFasterThanThePrincipalsBudgetIsRefusedFrameByFrame() throws Exception {
            // given ada's audio track, with a budget of 1 s of audio per second and 3 s at once
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket audio = socket("audio", "stream_id=ada-talks-" + System.nanoTime() + "&sample_rate=16000"
                    + "&access_token=" + ADA, frames).join();
            audio.sendText("{\"type\":\"start\"}", true).join();
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"started\"");

            // when she sends six seconds of audio at once (frames of 1 s)
            for (int i = 0; i < 6; i++) {
                audio.sendBinary(java.nio.ByteBuffer.wrap(new byte[32_000]), true).join();
            }

            // then what goes past her budget is refused, once for the run of refused frames, saying which setting
            // and what to do
            String refused = frames.poll(10, TimeUnit.SECONDS);
            assertThat(refused).contains("\"code\":\"audio_too_fast\"", "janus.input.voice.max-audio-rate",
                    "as it is recorded");
            assertThat(frames.poll(1, TimeUnit.SECONDS)).as("a second error for the same run").isNull();
            audio.abort();
        }

        @Test
        void aSocketOpenedFirstOnAStreamIdTakesItSoItsLaterOwnerIsNeverOverheard() throws Exception {
            // given bob connects first to a stream id ada will use
            String stream = "ada-plans-" + System.nanoTime();
            BlockingQueue<String> bobHears = new LinkedBlockingQueue<>();
            WebSocket bobs = socket("chat", "stream_id=" + stream + "&access_token=" + BOB, bobHears).join();

            // when ada posts to it, then she is refused and bob hears nothing of her
            HttpResponse<String> response = send("POST", "/api/v1/streams/" + stream + "/messages",
                    "{\"text\":\"my secret plans\"}", ADA);
            assertThat(response.statusCode()).isEqualTo(403);
            bobs.sendText("{\"type\":\"message\",\"text\":\"ping\"}", true).join();
            String first = bobHears.poll(10, TimeUnit.SECONDS);
            assertThat(first).contains("\"type\":\"accepted\"");
            assertThat(String.join("", bobHears)).doesNotContain("secret plans");
        }

        @Test
        void everyFrameIsCheckedAsARestPostWouldBe() throws Exception {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = socket("chat", "stream_id=bob-frames-" + System.nanoTime() + "&access_token=" + BOB,
                    frames).join();

            socket.sendText("{\"type\":\"message\",\"text\":\"what is my secret?\",\"user_id\":\"ada\"}", true).join();

            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"code\":\"user_mismatch\"");
        }

        @Test
        void aBrowserHandshakeFromAForeignOriginIsRefused() {
            assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", "http://evil.example")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=origin-" + System.nanoTime()
                            + "&access_token=" + ADA), new WebSocket.Listener() {
                            }).join()).hasStackTraceContaining("status code 403");
        }

        @Test
        void aRevokedKeyClosesItsOpenSocketsWithPolicyViolation() throws Exception {
            // given carol's issued key and her open socket
            HttpResponse<String> issued = send("POST", "/api/v1/admin/api-keys",
                    "{\"principal\":\"carol\",\"roles\":[\"user\"]}", OPS);
            String key = JSON.readTree(issued.body()).get("api_key").stringValue();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=carol-"
                    + System.nanoTime() + "&access_token=" + key), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                            closed.complete(status);
                            return null;
                        }
                    }).join();

            // when an admin revokes it
            assertThat(send("DELETE", "/api/v1/admin/api-keys/carol", null, OPS).statusCode()).isEqualTo(204);

            // then the socket is closed with 1008 within seconds
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        }

        @Test
        void aPrincipalPastItsSocketLimitIsToldToTryAgainLater() throws Exception {
            // given carl holds the most sockets a principal may hold on a node (8)
            for (int i = 0; i < 8; i++) {
                socket("chat", "stream_id=carl-" + i + "-" + System.nanoTime() + "&access_token=" + CARL, null).join();
            }
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            CompletableFuture<String> reason = new CompletableFuture<>();

            // when he opens one more
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=carl-more-"
                    + System.nanoTime() + "&access_token=" + CARL), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int status, String why) {
                            closed.complete(status);
                            reason.complete(why);
                            return null;
                        }
                    }).join();

            // then it is closed with 1013, saying which limit it met
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1013);
            assertThat(reason.get()).contains("janus.input.max-sockets-per-principal");
        }

        @Test
        void aRevokedKeyEndsItsEventStreamsWithAnErrorEvent() throws Exception {
            // given cora's issued key and her open event stream
            HttpResponse<String> issued = send("POST", "/api/v1/admin/api-keys",
                    "{\"principal\":\"cora\",\"roles\":[\"user\"]}", OPS);
            String key = JSON.readTree(issued.body()).get("api_key").stringValue();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture<Void> ended = events("cora-" + System.nanoTime(), key, lines);
            assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(":");

            // when an admin revokes it
            assertThat(send("DELETE", "/api/v1/admin/api-keys/cora", null, OPS).statusCode()).isEqualTo(204);

            // then the stream ends within seconds, its last event saying why
            ended.get(10, TimeUnit.SECONDS);
            assertThat(String.join("\n", lines)).contains("event:error")
                    .contains("\"code\":\"api_key_revoked\"");
        }

        @Test
        void requestsWaitingForTheirReplyCountAgainstThePrincipalsSocketLimitUntilAnswered() throws Exception {
            // given nine requests of fay at once, each waiting 2 s for a reply that does not come (no orchestrator
            // here), one more than the connections a principal may hold on a node (8)
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                waiting.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/streams/fay-" + i + "-" + System.nanoTime() + "/messages?wait=2"))
                        .header("Authorization", "Bearer " + FAY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }

            // then one is refused, saying which limit, the others wait out their time
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : waiting) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(answers).filteredOn(answer -> answer.statusCode() == 429).singleElement()
                    .satisfies(refused -> assertThat(refused.body()).contains("too_many_connections",
                            "janus.input.max-sockets-per-principal"));
            assertThat(answers).filteredOn(answer -> answer.statusCode() == 504).hasSize(8);

            // and once answered they no longer count (a request is counted out just after its answer left)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(send("POST",
                    "/api/v1/streams/fay-after-" + System.nanoTime() + "/messages?wait=1", "{\"text\":\"hi\"}", FAY)
                    .statusCode()).isEqualTo(504));
        }

        @Test
        void eventStreamsCountAgainstThePrincipalsSocketLimit() throws Exception {
            // given dee holds the most connections a principal may hold on a node (8), all event streams
            for (int i = 0; i < 8; i++) {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                events("dee-" + i + "-" + System.nanoTime(), DEE, lines);
                assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(":");
            }

            // when she opens one more event stream, then it is refused, saying which limit it met
            HttpResponse<String> more = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/streams/dee-more-" + System.nanoTime() + "/responses"))
                    .header("Authorization", "Bearer " + DEE).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(more.statusCode()).isEqualTo(429);
            assertThat(more.body()).contains("\"code\":\"too_many_connections\"")
                    .contains("janus.input.max-sockets-per-principal");

            // and so is one more socket
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=dee-socket-"
                    + System.nanoTime() + "&access_token=" + DEE), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int status, String why) {
                            closed.complete(status);
                            return null;
                        }
                    }).join();
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1013);
        }

        @Test
        void aSocketWithoutAKeyIsNotUpgraded() {
            assertThatThrownBy(() -> socket("chat", "stream_id=x", null).join()).hasStackTraceContaining("status code 401");
        }
    }

    private CompletableFuture<WebSocket> socket(String kind, String query, BlockingQueue<String> frames) {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/" + kind + "?" + query),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        if (frames != null) {
                            frames.add(data.toString());
                        }
                        socket.request(1);
                        return null;
                    }
                });
    }

    /** Follows a stream's replies as Server-Sent Events; each line goes to {@code lines}; completes when it ends. */
    private CompletableFuture<Void> events(String stream, String key, BlockingQueue<String> lines) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/streams/"
                + stream + "/responses")).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            response.body().forEach(lines::add);
        });
    }

    private String open(String key, String body) throws Exception {
        HttpResponse<String> opened = send("POST", "/api/v1/streams", body, key);
        assertThat(opened.statusCode()).isEqualTo(201);
        return JSON.readTree(opened.body()).get("stream_id").stringValue();
    }

    private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
