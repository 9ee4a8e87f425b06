package dev.janus.input.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The control frames of {@code /ws/audio} over a real WebSocket client, without speech: what no speech tools are needed
 * for ({@link VoiceIntegrationTests} streams espeak-ng speech).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1",
                "janus.input.voice.transcription.engine=openai", "janus.input.voice.transcription.openai.model=unused",
                "janus.input.voice.transcription.openai.url=http://127.0.0.1:9" })
class AudioWebSocketHandlerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"type":5}                                  | invalid_field | type must be a string
            {"type":{"x":"start"}}                      | invalid_field | type must be a string
            {"type":"start","speech":"yes"}             | invalid_field | speech must be true or false
            {"type":"start","speech":{"x":1}}           | invalid_field | speech must be true or false
            [1,2]                                       | invalid_json  | control frames are JSON objects
            """)
    void answersAControlFrameWithAFieldOfTheWrongTypeWithAnErrorFrameAndKeepsTheSocket(String frame, String code,
            String message) throws Exception {
        // given
        String streamId = "voice-" + UUID.randomUUID();
        try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&sample_rate=16000")) {

            // when
            client.text(frame);

            // then: an error frame that names the field, before anything else
            JsonNode error = client.frames.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(error).as("the answer to %s", frame).isNotNull();
            assertThat(error.get("type").stringValue()).isEqualTo("error");
            assertThat(error.get("code").stringValue()).isEqualTo(code);
            assertThat(error.get("message").stringValue()).startsWith(message);
            // and the socket still takes a good frame
            client.text("{\"type\":\"start\"}");
            assertThat(client.next("started", WAIT).get("sample_rate").intValue()).isEqualTo(16_000);
        }
    }
}
