package dev.janus.input.transcription;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

import dev.janus.input.audio.WavFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible {@code POST /v1/audio/transcriptions}: the utterance as a WAV {@code file}, the
 * {@code model}, {@code response_format=json}, answered by {@code {"text": "..."}}. whisper.cpp's server,
 * faster-whisper servers and hosted APIs speak it. Retries connection errors, 429 and 5xx; other statuses fail
 * at once with the server's error message. Gives the final text only: the API has no partial results.
 */
public final class OpenAiTranscriptionEngine implements TranscriptionEngine {

    /** The engine's name in configuration. */
    public static final String NAME = "openai";

    private static final int MAX_RESPONSE_CHARS = 256 * 1024;

    private final TranscriptionProperties.OpenAi settings;
    private final URI endpoint;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public OpenAiTranscriptionEngine(TranscriptionProperties.OpenAi settings) {
        this.settings = settings;
        String base = settings.url().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base.endsWith("/v1") ? base + "/audio/transcriptions" : base + "/v1/audio/transcriptions");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String transcribe(short[] samples, int sampleRate, Consumer<String> partial) {
        String boundary = "janus-" + UUID.randomUUID();
        byte[] body = multipart(boundary, new WavFile(samples, sampleRate).encode());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        String problem = "";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                problem = "could not reach " + endpoint + ": " + e;
                continue;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TranscriptionException("interrupted while waiting for " + endpoint, e);
            }
            int status = response.statusCode();
            if (status == 200) {
                return text(response.body());
            }
            problem = endpoint + " answered " + status + ": " + abbreviate(response.body());
            if (status != 429 && status < 500) {
                break;
            }
        }
        throw new TranscriptionException("transcription failed (janus.input.voice.transcription.openai): " + problem);
    }

    private String text(String body) {
        JsonNode answer;
        try {
            answer = json.readTree(body.length() > MAX_RESPONSE_CHARS ? body.substring(0, MAX_RESPONSE_CHARS) : body);
        }
        catch (JacksonException e) {
            throw new TranscriptionException(endpoint + " did not answer JSON {\"text\": ...}: " + abbreviate(body), e);
        }
        JsonNode text = answer == null ? null : answer.get("text");
        if (text == null || !text.isString()) {
            throw new TranscriptionException(endpoint + " answered without a \"text\" field: " + abbreviate(body));
        }
        return text.stringValue().strip();
    }

    private byte[] multipart(String boundary, byte[] wav) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wav.length + 1024);
        field(out, boundary, "model", settings.model());
        field(out, boundary, "response_format", "json");
        if (settings.language() != null && !settings.language().isBlank()) {
            field(out, boundary, "language", settings.language());
        }
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n");
        out.writeBytes(wav);
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
