package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With API keys, each stream belongs to the principal that opened it: another principal is refused on every
 * endpoint of it, REST and WebSocket; an admin may use any.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "janus.bus.type=memory", "server.address=127.0.0.1",
        "janus.security.api-keys[0].principal=ada", "janus.security.api-keys[0].key=" + StreamOwnershipIntegrationTests.ADA,
        "janus.security.api-keys[1].principal=bob", "janus.security.api-keys[1].key=" + StreamOwnershipIntegrationTests.BOB,
        "janus.security.api-keys[2].principal=ops", "janus.security.api-keys[2].roles=admin",
        "janus.security.api-keys[2].key=" + StreamOwnershipIntegrationTests.OPS,
        "janus.security.rate-limit.requests-per-second=1000", "janus.security.rate-limit.burst=1000" })
class StreamOwnershipIntegrationTests {

    static final String ADA = "ada-key-0123456789abcdef";
    static final String BOB = "bob-key-0123456789abcdef";
    static final String OPS = "ops-key-0123456789abcdef";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anotherPrincipalIsRefusedOnEveryEndpointOfAStreamAndItsOwnerAndAnAdminAreNot() throws Exception {
        // given ada's stream
        HttpResponse<String> opened = send("POST", "/api/v1/streams", "{\"session_type\":\"chat\"}", ADA);
        String stream = JsonMapper.builder().build().readTree(opened.body()).get("stream_id").stringValue();
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
    void aWebSocketOfAnotherPrincipalIsRefusedWithAnErrorFrame() throws Exception {
        // given
        HttpResponse<String> opened = send("POST", "/api/v1/streams", "{}", ADA);
        String stream = JsonMapper.builder().build().readTree(opened.body()).get("stream_id").stringValue();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();

        // when bob connects with his key as access_token
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=" + stream
                + "&access_token=" + BOB), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).join();

        // then
        String frame = frames.poll(10, TimeUnit.SECONDS);
        assertThat(frame).contains("\"code\":\"forbidden\"");
    }

    @Test
    void aWebSocketWithoutAKeyIsNotUpgraded() {
        assertThat(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=x"),
                new WebSocket.Listener() {
                }).handle((socket, failure) -> failure != null).join()).isTrue();
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
