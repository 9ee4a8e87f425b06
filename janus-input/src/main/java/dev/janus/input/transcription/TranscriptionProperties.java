package dev.janus.input.transcription;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of the transcription component, under {@code janus.input.voice.transcription}.
 *
 * @param enabled whether this node runs the transcription component (consumer group {@code janus-transcription});
 *        turn it off on input nodes when dedicated nodes transcribe
 * @param engine {@code sphinx} (offline, in the JVM, the default: works with nothing installed and no network) or
 *        {@code openai} (an OpenAI-compatible {@code /v1/audio/transcriptions} API: whisper.cpp server,
 *        faster-whisper servers, hosted APIs)
 * @param openai the OpenAI-compatible API
 * @param sphinx the offline CMU Sphinx engine
 */
@ConfigurationProperties("janus.input.voice.transcription")
public record TranscriptionProperties(@DefaultValue("true") Boolean enabled,
        @DefaultValue("sphinx") String engine, OpenAi openai, Sphinx sphinx) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public TranscriptionProperties {
        enabled = enabled == null || enabled;
        engine = engine == null ? SphinxTranscriptionEngine.NAME : engine;
        if (!engine.equals(SphinxTranscriptionEngine.NAME) && !engine.equals(OpenAiTranscriptionEngine.NAME)) {
            throw new IllegalArgumentException("janus.input.voice.transcription.engine must be 'sphinx' or 'openai', "
                    + "but was '" + engine + "'");
        }
        openai = openai == null ? new OpenAi(null, null, null, null, null, null) : openai;
        sphinx = sphinx == null ? new Sphinx(null, null, null, null, null) : sphinx;
    }

    /** Every default. */
    public static TranscriptionProperties defaults() {
        return new TranscriptionProperties(null, null, null, null);
    }

    /**
     * An OpenAI-compatible transcription API.
     *
     * @param url base URL; {@code /v1/audio/transcriptions} is appended
     * @param model the model name sent with each request
     * @param apiKey sent as {@code Authorization: Bearer}; never logged
     * @param language ISO-639-1 hint, optional
     * @param timeout per request
     * @param maxAttempts attempts per utterance on connection errors, 429 and 5xx
     */
    public record OpenAi(@DefaultValue("http://127.0.0.1:8000") URI url,
            @DefaultValue("whisper-1") String model, @Nullable String apiKey, @Nullable String language,
            @DefaultValue("30s") Duration timeout, @DefaultValue("2") Integer maxAttempts) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public OpenAi {
            url = url == null ? URI.create("http://127.0.0.1:8000") : url;
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("janus.input.voice.transcription.openai.url must be http(s), but was '"
                        + url + "'");
            }
            model = model == null ? "whisper-1" : model;
            timeout = within("janus.input.voice.transcription.openai.timeout", timeout, Duration.ofSeconds(30),
                    Duration.ofMillis(100), Duration.ofMinutes(10));
            maxAttempts = inRange("janus.input.voice.transcription.openai.max-attempts", maxAttempts, 2, 1, 10);
        }

        @Override
        public String toString() {
            return "OpenAi[url=" + url + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "****")
                    + ", language=" + language + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + "]";
        }
    }

    /**
     * The offline CMU Sphinx 4 engine. Its bundled US-English model is weak on free speech (and slow: see the
     * README's figures); a JSGF grammar of the phrases expected makes it accurate and fast.
     *
     * @param acousticModel model directory (a {@code resource:} or {@code file:} URL); the bundled en-us model by default
     * @param dictionary pronunciation dictionary; the bundled CMU dictionary by default
     * @param languageModel n-gram model used when no grammar is given; the bundled en-us model by default
     * @param grammar a JSGF grammar file ({@code .gram}); when set, only its phrases are recognised
     * @param recognizers recognisers loaded (each holds the model, ~150 MB with the language model): utterances
     *        beyond this many wait their turn
     */
    public record Sphinx(@DefaultValue("resource:/edu/cmu/sphinx/models/en-us/en-us") String acousticModel,
            @DefaultValue("resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict") String dictionary,
            @DefaultValue("resource:/edu/cmu/sphinx/models/en-us/en-us.lm.bin") String languageModel,
            @Nullable String grammar, @DefaultValue("1") Integer recognizers) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Sphinx {
            acousticModel = acousticModel == null ? "resource:/edu/cmu/sphinx/models/en-us/en-us" : acousticModel;
            dictionary = dictionary == null ? "resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict" : dictionary;
            languageModel = languageModel == null ? "resource:/edu/cmu/sphinx/models/en-us/en-us.lm.bin" : languageModel;
            if (grammar != null && !grammar.endsWith(".gram")) {
                throw new IllegalArgumentException("janus.input.voice.transcription.sphinx.grammar must be a JSGF file "
                        + "ending in .gram, but was '" + grammar + "'");
            }
            recognizers = inRange("janus.input.voice.transcription.sphinx.recognizers", recognizers, 1, 1, 16);
        }
    }
}
