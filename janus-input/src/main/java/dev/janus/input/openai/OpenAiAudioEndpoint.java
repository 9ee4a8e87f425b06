package dev.janus.input.openai;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import dev.janus.events.Abbreviation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.openai.setup.OpenAiSetup;

/**
 * Where an OpenAI-compatible audio API is, as janus-input's properties give it, and the OpenAI SDK clients Spring AI's
 * audio models use for it: the base URL with {@code /v1} added unless it ends with it (so {@code http://host:8000}
 * and {@code http://host:8000/v1} both work, as before), the key as a bearer token, or no {@code Authorization}
 * header at all when none is set (a local whisper.cpp or TTS server; {@code OPENAI_API_KEY} is not read), the
 * timeout per attempt and the SDK's retries (connection errors, 408, 409, 429 honouring {@code Retry-After}, 5xx,
 * with exponential backoff). The HTTP calls are observed in {@code observations}.
 *
 * @param url the configured base URL
 * @param apiKey the key, or null or blank for none
 * @param timeout per attempt
 * @param retries attempts after the first
 */
public record OpenAiAudioEndpoint(URI url, @Nullable String apiKey, Duration timeout, int retries) {

    /** The API's base URL as the OpenAI SDK takes it: with {@code /v1}. */
    public String baseUrl() {
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/v1") ? base : base + "/v1";
    }

    /** A blocking client for {@code model}. */
    public OpenAIClient client(String model, ObservationRegistry observations) {
        return OpenAiSetup.setupSyncClient(baseUrl(), key(), null, null, null, null, false, false, model, timeout,
                retries, null, null, observations, null, List.of());
    }

    /** An asynchronous client for {@code model} (Spring AI's models want one even when they only block). */
    public OpenAIClientAsync asyncClient(String model, ObservationRegistry observations) {
        return OpenAiSetup.setupAsyncClient(baseUrl(), key(), null, null, null, null, false, false, model, timeout,
                retries, null, null, observations, null, List.of());
    }

    /** The key; empty means none, so that Spring AI sends no {@code Authorization} and reads no environment. */
    private String key() {
        return apiKey == null || apiKey.isBlank() ? "" : apiKey.strip();
    }

    /** Why a call to this API failed, bounded, naming the endpoint and never the key. */
    public String describe(RuntimeException failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        message = message.strip();
        return baseUrl() + ": " + Abbreviation.abbreviate(message, 300);
    }

    @Override
    public String toString() {
        return "OpenAiAudioEndpoint[url=" + url + ", apiKey=" + (key().isEmpty() ? "none" : "****") + ", timeout="
                + timeout + ", retries=" + retries + "]";
    }
}
