package dev.janus.input.speech;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.janus.input.audio.WavFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible {@code POST /v1/audio/speech}: {@code {"model","input","voice","response_format":"wav"}}
 * answered by a WAV file.
 */
public final class OpenAiSpeechSynthesizer implements SpeechSynthesizer {

    /** The engine's name in configuration. */
    public static final String NAME = "openai";

    private final SpeechProperties.OpenAi settings;
    private final URI endpoint;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public OpenAiSpeechSynthesizer(SpeechProperties.OpenAi settings) {
        this.settings = settings;
        String base = settings.url().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base.endsWith("/v1") ? base + "/audio/speech" : base + "/v1/audio/speech");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WavFile synthesize(String text) {
        String body = json.writeValueAsString(java.util.Map.of("model", settings.model(), "input", text, "voice",
                settings.voice(), "response_format", "wav"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                String answer = new String(response.body(), StandardCharsets.UTF_8);
                throw new SpeechException(endpoint + " answered " + response.statusCode() + ": "
                        + (answer.length() > 300 ? answer.substring(0, 300) + "..." : answer));
            }
            return WavFile.parse(response.body());
        }
        catch (IOException e) {
            throw new SpeechException("could not reach " + endpoint + ": " + e, e);
        }
        catch (IllegalArgumentException e) {
            throw new SpeechException(endpoint + " did not answer a 16-bit PCM WAV: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for " + endpoint, e);
        }
    }
}
