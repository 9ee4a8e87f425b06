package dev.janus.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's reactive flow end to end in the all-in-one app: events → pattern → suggestion → the user's chat
 * WebSocket, and the user's feedback back to proactive.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProactiveFlowIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    private final List<JsonNode> received = new ArrayList<>();

    @Test
    void aQuestionAskedThreeTimesBecomesASuggestionOnTheChatSocketAndItsFeedbackReachesProactive() throws Exception {
        // given a user on the chat socket
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
                "ws://127.0.0.1:" + port + "/ws/chat?stream_id=reactive-flow&user_id=bea"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(JSON.readTree(partial.toString()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();

        try (EventTestHarness harness = new EventTestHarness(bus)) {
            // when the same question comes three times, each after its reply
            for (int i = 0; i < 3; i++) {
                socket.sendText("{\"type\":\"message\",\"text\":\"Where did I park the car?\"}", true).join();
                next(frames, "response");
            }
            JsonNode suggestion = next(frames, "suggestion");
            socket.sendText("{\"type\":\"feedback\",\"suggestion_id\":\"" + suggestion.get("id").asString()
                    + "\",\"feedback\":\"accepted\"}", true).join();

            // then: one suggestion (proactive's detector and memory's learned pattern both noticed; restraint let one
            // through)
            assertThat(suggestion.get("kind").asString()).isEqualTo("repeated_question");
            assertThat(suggestion.get("text").asString()).isNotBlank();
            JanusEvent feedback = harness.awaitEvent(EventType.INPUT_SUGGESTION_FEEDBACK,
                    event -> event.streamId().equals("reactive-flow"), WAIT);
            assertThat(feedback.content(EventKeys.INPUT_SUGGESTION_FEEDBACK).suggestionId())
                    .isEqualTo(suggestion.get("id").asString());
            assertThat(((EventHistory) bus).recentEvents(EventPattern.of("proactive.*"), "reactive-flow", 100))
                    .extracting(JanusEvent::eventType)
                    .containsSubsequence(EventType.PROACTIVE_PATTERN_DETECTED, EventType.PROACTIVE_SUGGESTION_READY);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /** The first frame of {@code type} not taken yet, waiting for it; frames of other types stay for later. */
    private JsonNode next(BlockingQueue<JsonNode> frames, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode seen : received) {
                if (type.equals(seen.get("type").asString())) {
                    received.remove(seen);
                    return seen;
                }
            }
            JsonNode frame = frames.poll(1, TimeUnit.SECONDS);
            if (frame != null) {
                received.add(frame);
            }
        }
        throw new AssertionError("no '" + type + "' frame arrived within " + WAIT + "; received " + received);
    }

}
