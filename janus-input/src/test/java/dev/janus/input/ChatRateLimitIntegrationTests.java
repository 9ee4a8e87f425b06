package dev.janus.input;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A principal's chat frames take tokens of its rate limit as its REST requests do: a socket is no way around
 * {@code janus.security.rate-limit}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "janus.bus.type=memory", "server.address=127.0.0.1",
        "janus.security.api-keys[0].principal=eve", "janus.security.api-keys[0].key=" + ChatRateLimitIntegrationTests.EVE,
        "janus.security.rate-limit.requests-per-second=1", "janus.security.rate-limit.burst=3" })
class ChatRateLimitIntegrationTests {

    static final String EVE = "eve-key-0123456789abcdef";
    private static final int FRAMES = 10;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void framesPastThePrincipalsRateAreRefusedWithAnErrorFrameAndTheSocketStaysOpen() throws Exception {
        // given eve's chat socket (its handshake took one of her three tokens)
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                + "/ws/chat?stream_id=eve-" + System.nanoTime() + "&access_token=" + EVE), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();

        // when she sends frames faster than one a second
        for (int i = 0; i < FRAMES; i++) {
            socket.sendText("{\"type\":\"interrupt\"}", true).join();
        }

        // then each frame is answered, those past her rate with rate_limited, and the socket stays open
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            String answer = frames.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("answer to frame %d of %d", i + 1, FRAMES).isNotNull();
            answers.add(answer);
        }
        assertThat(answers).filteredOn(answer -> answer.contains("\"code\":\"rate_limited\"")).isNotEmpty()
                .allSatisfy(answer -> assertThat(answer).contains("janus.security.rate-limit", "retry after"));
        assertThat(socket.isOutputClosed() || socket.isInputClosed()).isFalse();

        // and her REST requests draw on the same bucket: of two, one is refused (with a bucket of their own, the
        // two tokens the handshake left would serve both)
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statuses.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                    .header("Authorization", "Bearer " + EVE).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
        assertThat(statuses).contains(429);
        socket.abort();
    }
}
