package dev.janus.input.transcription;

import java.util.function.Consumer;

import com.openai.models.audio.AudioResponseFormat;
import dev.janus.input.audio.WavFile;
import dev.janus.input.openai.OpenAiAudioEndpoint;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.audio.transcription.AudioTranscriptionPrompt;
import org.springframework.ai.openai.OpenAiAudioTranscriptionModel;
import org.springframework.ai.openai.OpenAiAudioTranscriptionOptions;
import org.springframework.core.io.ByteArrayResource;

/**
 * An OpenAI-compatible {@code POST /v1/audio/transcriptions} through Spring AI's {@link OpenAiAudioTranscriptionModel}:
 * the utterance as a WAV {@code file} ({@code utterance.wav}), the {@code model}, {@code response_format=json} and
 * the optional {@code language}, answered by {@code {"text": "..."}}. whisper.cpp's server, faster-whisper servers and
 * hosted APIs speak it. Connection errors, 429 and 5xx are retried by the OpenAI SDK ({@code max-attempts} in all,
 * with backoff); other statuses fail at once with the server's error message. Gives the final text only: the API has
 * no partial results.
 */
public final class OpenAiTranscriptionEngine implements TranscriptionEngine {

    /** The engine's name in configuration. */
    public static final String NAME = "openai";

    private final OpenAiAudioEndpoint endpoint;
    private final OpenAiAudioTranscriptionModel model;

    public OpenAiTranscriptionEngine(TranscriptionProperties.OpenAi settings) {
        this(settings, ObservationRegistry.NOOP);
    }

    public OpenAiTranscriptionEngine(TranscriptionProperties.OpenAi settings, ObservationRegistry observations) {
        this.endpoint = new OpenAiAudioEndpoint(settings.url(), settings.apiKey(), settings.timeout(),
                settings.maxAttempts() - 1);
        OpenAiAudioTranscriptionOptions.Builder options = OpenAiAudioTranscriptionOptions.builder()
                .responseFormat(AudioResponseFormat.JSON);
        options.model(settings.model()).timeout(settings.timeout());
        if (settings.language() != null && !settings.language().isBlank()) {
            options.language(settings.language());
        }
        this.model = OpenAiAudioTranscriptionModel.builder()
                .openAiClient(endpoint.client(settings.model(), observations))
                .openAiClientAsync(endpoint.asyncClient(settings.model(), observations))
                .options(options.build())
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String transcribe(short[] samples, int sampleRate, Consumer<String> partial) {
        ByteArrayResource wav = new ByteArrayResource(new WavFile(samples, sampleRate).encode()) {
            @Override
            public String getFilename() {
                return "utterance.wav";
            }
        };
        String text;
        try {
            text = model.call(new AudioTranscriptionPrompt(wav)).getResult().getOutput();
        }
        catch (RuntimeException e) {
            throw new TranscriptionException("transcription failed (janus.input.voice.transcription.openai): "
                    + endpoint.describe(e), e);
        }
        return text == null ? "" : text.strip();
    }
}
