package dev.janus.input.transcription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.janus.input.audio.TranscriptionServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible engine (Spring AI's OpenAI transcription model) against a real HTTP server speaking OpenAI's
 * transcription format.
 */
class OpenAiTranscriptionEngineTests {

    private TranscriptionServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TranscriptionServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiTranscriptionEngine engine(String url, @Nullable String key, @Nullable String language,
            int maxAttempts) {
        return new OpenAiTranscriptionEngine(new TranscriptionProperties.OpenAi(URI.create(url), "whisper-test", key,
                language, Duration.ofSeconds(10), maxAttempts));
    }

    private static short[] halfASecond() {
        short[] samples = new short[8_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (Math.sin(i / 10.0) * 8_000);
        }
        return samples;
    }

    @Test
    void sendsTheUtteranceAsAWavFileWithTheModelAndReturnsTheText() throws Exception {
        // given
        OpenAiTranscriptionEngine engine = engine(server.url(), "sk-audio", "pt", 1);

        // when
        String text = engine.transcribe(halfASecond(), 16_000, partial -> { });

        // then
        assertThat(text).isEqualTo("heard 500 milliseconds");
        TranscriptionServer.Request request = server.requests.poll(10, TimeUnit.SECONDS);
        assertThat(request.model()).isEqualTo("whisper-test");
        assertThat(request.responseFormat()).isEqualTo("json");
        assertThat(request.language()).isEqualTo("pt");
        assertThat(request.filename()).isEqualTo("utterance.wav");
        assertThat(request.authorization()).isEqualTo("Bearer sk-audio");
        assertThat(request.audio().sampleRate()).isEqualTo(16_000);
        assertThat(request.audio().samples()).containsExactly(halfASecond());
    }

    @Test
    void takesABaseUrlWithOrWithoutVersionAndSendsNoAuthorizationWithoutAKey() throws Exception {
        // given
        OpenAiTranscriptionEngine engine = engine(server.url() + "/v1/", null, null, 1);

        // when
        engine.transcribe(halfASecond(), 16_000, partial -> { });

        // then
        TranscriptionServer.Request request = server.requests.poll(10, TimeUnit.SECONDS);
        assertThat(request.authorization()).isEmpty();
        assertThat(request.language()).isNull();
    }

    @Test
    void retriesAServerErrorUpToTheAttempts() {
        // given
        server.failNext(503, 1);

        // when
        String text = engine(server.url(), null, null, 2).transcribe(halfASecond(), 16_000, partial -> { });

        // then
        assertThat(text).isEqualTo("heard 500 milliseconds");
        assertThat(server.attempts()).isEqualTo(2);
    }

    @Test
    void failsWithTheServersErrorWhenTheAttemptsAreUsedUp() {
        // given
        server.failNext(500, 3);

        // when / then
        assertThatThrownBy(() -> engine(server.url(), "sk-audio", null, 2).transcribe(halfASecond(), 16_000,
                partial -> { }))
                .isInstanceOf(TranscriptionException.class)
                .hasMessageContaining("janus.input.voice.transcription.openai")
                .hasMessageContaining("500")
                .hasMessageNotContaining("sk-audio");
        assertThat(server.attempts()).isEqualTo(2);
    }

    @Test
    void failsAtOnceOnAClientError() {
        // given
        server.failNext(400, 2);

        // when / then
        assertThatThrownBy(() -> engine(server.url(), null, null, 3).transcribe(halfASecond(), 16_000,
                partial -> { })).isInstanceOf(TranscriptionException.class).hasMessageContaining("400");
        assertThat(server.attempts()).isOne();
    }
}
