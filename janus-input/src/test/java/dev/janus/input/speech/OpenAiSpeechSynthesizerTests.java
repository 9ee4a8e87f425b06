package dev.janus.input.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.janus.input.audio.WavFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible speech engine (Spring AI's OpenAI speech model) against a real HTTP server. */
class OpenAiSpeechSynthesizerTests {

    private SpeechServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SpeechServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiSpeechSynthesizer synthesizer(String key) {
        return new OpenAiSpeechSynthesizer(new SpeechProperties.OpenAi(URI.create(server.url()), "tts-test", "nova",
                key, Duration.ofSeconds(10)));
    }

    @Test
    void asksForTheTextInTheVoiceAsWavAndReturnsTheAudio() throws Exception {
        // when
        WavFile audio = synthesizer("sk-speech").synthesize("Hello there, how are you?");

        // then
        assertThat(audio.sampleRate()).isEqualTo(24_000);
        assertThat(audio.samples()).containsExactly(SpeechServer.tone(5 * 2_400).samples());
        SpeechServer.Request request = server.requests.poll(10, TimeUnit.SECONDS);
        assertThat(request.authorization()).isEqualTo("Bearer sk-speech");
        JsonNode body = JsonMapper.builder().build().readTree(request.body());
        assertThat(body.path("model").asString()).isEqualTo("tts-test");
        assertThat(body.path("input").asString()).isEqualTo("Hello there, how are you?");
        assertThat(body.path("voice").asString()).isEqualTo("nova");
        assertThat(body.path("response_format").asString()).isEqualTo("wav");
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() throws Exception {
        synthesizer(null).synthesize("Hi.");

        assertThat(server.requests.poll(10, TimeUnit.SECONDS).authorization()).isEmpty();
    }

    @Test
    void failsWithTheStatusOfAnError() {
        server.then(500, "application/json", "{\"error\":{\"message\":\"voice unavailable\",\"type\":\"server_error\"}}");

        assertThatThrownBy(() -> synthesizer("sk-speech").synthesize("Hello."))
                .isInstanceOf(SpeechException.class)
                .hasMessageContaining("janus.input.voice.speech.openai")
                .hasMessageContaining("500")
                .hasMessageNotContaining("sk-speech");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void failsWhenTheAnswerIsNotAWav() {
        server.then(200, "audio/mpeg", "ID3 not a wav at all");

        assertThatThrownBy(() -> synthesizer(null).synthesize("Hello."))
                .isInstanceOf(SpeechException.class)
                .hasMessageContaining("did not answer a 16-bit PCM WAV");
    }
}
