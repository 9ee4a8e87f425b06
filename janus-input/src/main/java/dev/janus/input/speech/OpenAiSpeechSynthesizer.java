package dev.janus.input.speech;

import dev.janus.input.audio.WavFile;
import dev.janus.input.openai.OpenAiAudioEndpoint;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.openai.OpenAiAudioSpeechModel;
import org.springframework.ai.openai.OpenAiAudioSpeechOptions;

/**
 * An OpenAI-compatible {@code POST /v1/audio/speech} through Spring AI's {@link OpenAiAudioSpeechModel}:
 * {@code {"model","input","voice","response_format":"wav"}} answered by a 16-bit PCM WAV file. Not retried: a
 * sentence that fails is not spoken (the reply is on screen as text).
 */
public final class OpenAiSpeechSynthesizer implements SpeechSynthesizer {

    /** The engine's name in configuration. */
    public static final String NAME = "openai";

    private final OpenAiAudioEndpoint endpoint;
    private final OpenAiAudioSpeechModel model;

    public OpenAiSpeechSynthesizer(SpeechProperties.OpenAi settings) {
        this(settings, ObservationRegistry.NOOP);
    }

    public OpenAiSpeechSynthesizer(SpeechProperties.OpenAi settings, ObservationRegistry observations) {
        this.endpoint = new OpenAiAudioEndpoint(settings.url(), settings.apiKey(), settings.timeout(), 0);
        OpenAiAudioSpeechOptions.Builder options = OpenAiAudioSpeechOptions.builder().voice(settings.voice())
                .responseFormat(OpenAiAudioSpeechOptions.AudioResponseFormat.WAV);
        options.model(settings.model()).timeout(settings.timeout());
        this.model = OpenAiAudioSpeechModel.builder()
                .openAiClient(endpoint.client(settings.model(), observations))
                .options(options.build())
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WavFile synthesize(String text) {
        byte[] audio;
        try {
            audio = model.call(new TextToSpeechPrompt(text)).getResult().getOutput();
        }
        catch (RuntimeException e) {
            throw new SpeechException("speech failed (janus.input.voice.speech.openai): " + endpoint.describe(e), e);
        }
        try {
            return WavFile.parse(audio);
        }
        catch (IllegalArgumentException e) {
            throw new SpeechException(endpoint.baseUrl() + " did not answer a 16-bit PCM WAV: " + e.getMessage(), e);
        }
    }
}
