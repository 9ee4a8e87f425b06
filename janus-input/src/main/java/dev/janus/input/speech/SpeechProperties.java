package dev.janus.input.speech;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of speech out, under {@code janus.input.voice.speech}.
 *
 * @param engine {@code espeak-ng} (the default; used when the command is installed), {@code openai} (an
 *        OpenAI-compatible {@code /v1/audio/speech} API) or {@code none}
 * @param enabledByDefault whether replies are spoken to audio sockets that do not say (a {@code start} frame's
 *        {@code "speech"} decides per socket)
 * @param lead how far ahead of real time speech audio is sent: the client's playback buffer
 * @param maxChars longest reply text spoken; the rest is not spoken (it is on screen as text)
 * @param espeak the espeak-ng command
 * @param openai the OpenAI-compatible API
 */
@ConfigurationProperties("janus.input.voice.speech")
public record SpeechProperties(@DefaultValue("espeak-ng") String engine,
        @DefaultValue("false") Boolean enabledByDefault, @DefaultValue("200ms") Duration lead,
        @DefaultValue("2000") Integer maxChars, Espeak espeak, OpenAi openai) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public SpeechProperties {
        engine = engine == null ? EspeakSpeechSynthesizer.NAME : engine;
        if (!engine.equals(EspeakSpeechSynthesizer.NAME) && !engine.equals(OpenAiSpeechSynthesizer.NAME)
                && !engine.equals("none")) {
            throw new IllegalArgumentException("janus.input.voice.speech.engine must be 'espeak-ng', 'openai' or 'none', "
                    + "but was '" + engine + "'");
        }
        enabledByDefault = enabledByDefault != null && enabledByDefault;
        lead = within("janus.input.voice.speech.lead", lead, Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(5));
        maxChars = inRange("janus.input.voice.speech.max-chars", maxChars, 2_000, 1, 32_768);
        espeak = espeak == null ? new Espeak(null, null, null, null) : espeak;
        openai = openai == null ? new OpenAi(null, null, null, null, null) : openai;
    }

    /** Every default. */
    public static SpeechProperties defaults() {
        return new SpeechProperties(null, null, null, null, null, null);
    }

    /**
     * The espeak-ng command.
     *
     * @param command the executable
     * @param voice an espeak-ng voice, e.g. {@code en-us}
     * @param wordsPerMinute speaking rate, 80..450
     * @param timeout per sentence
     */
    public record Espeak(@DefaultValue("espeak-ng") String command,
            @DefaultValue("en-us") String voice, @DefaultValue("160") Integer wordsPerMinute,
            @DefaultValue("10s") Duration timeout) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Espeak {
            command = command == null ? "espeak-ng" : command;
            voice = voice == null ? "en-us" : voice;
            if (!voice.matches("[A-Za-z0-9+_-]{1,40}")) {
                throw new IllegalArgumentException("janus.input.voice.speech.espeak.voice must be an espeak-ng voice name "
                        + "like en-us, but was '" + voice + "'");
            }
            wordsPerMinute = inRange("janus.input.voice.speech.espeak.words-per-minute", wordsPerMinute, 160, 80, 450);
            timeout = within("janus.input.voice.speech.espeak.timeout", timeout, Duration.ofSeconds(10),
                    Duration.ofMillis(100), Duration.ofMinutes(2));
        }
    }

    /**
     * An OpenAI-compatible speech API.
     *
     * @param url base URL; {@code /v1/audio/speech} is appended
     * @param model the model name
     * @param voice the voice name
     * @param apiKey sent as {@code Authorization: Bearer}; never logged
     * @param timeout per request
     */
    public record OpenAi(@DefaultValue("http://127.0.0.1:8000") URI url,
            @DefaultValue("tts-1") String model, @DefaultValue("alloy") String voice,
            @Nullable String apiKey, @DefaultValue("30s") Duration timeout) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public OpenAi {
            url = url == null ? URI.create("http://127.0.0.1:8000") : url;
            model = model == null ? "tts-1" : model;
            voice = voice == null ? "alloy" : voice;
            timeout = within("janus.input.voice.speech.openai.timeout", timeout, Duration.ofSeconds(30),
                    Duration.ofMillis(100), Duration.ofMinutes(10));
        }

        @Override
        public String toString() {
            return "OpenAi[url=" + url + ", model=" + model + ", voice=" + voice + ", apiKey="
                    + (apiKey == null ? "none" : "****") + ", timeout=" + timeout + "]";
        }
    }
}
