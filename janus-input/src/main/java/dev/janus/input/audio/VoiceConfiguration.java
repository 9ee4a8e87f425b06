package dev.janus.input.audio;

import java.time.Clock;

import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventType;
import dev.janus.input.Conversations;
import dev.janus.input.InputProperties;
import dev.janus.input.OpenSockets;
import dev.janus.input.StreamHandshake;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.speech.EspeakSpeechSynthesizer;
import dev.janus.input.speech.OpenAiSpeechSynthesizer;
import dev.janus.input.speech.SpeechProperties;
import dev.janus.input.speech.SpeechSynthesizer;
import dev.janus.input.transcription.OpenAiTranscriptionEngine;
import dev.janus.input.transcription.SphinxTranscriptionEngine;
import dev.janus.input.transcription.TranscriptionComponent;
import dev.janus.input.transcription.TranscriptionEngine;
import dev.janus.input.transcription.TranscriptionProperties;
import dev.janus.input.video.FrameRateLimiter;
import dev.janus.input.video.InMemoryLatestVideoFrames;
import dev.janus.input.video.LatestVideoFrames;
import dev.janus.input.video.RedisLatestVideoFrames;
import dev.janus.input.video.VideoProperties;
import dev.janus.input.video.VideoWebSocketHandler;
import dev.janus.redis.SharedRedis;
import dev.janus.web.security.PrincipalRateLimiter;
import dev.janus.web.security.SecurityProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/**
 * Voice and video input, part of the input component: {@code /ws/audio} with detection, utterances, barge-in and
 * speech out, the transcription component (group {@code janus-transcription}, off with
 * {@code janus.input.voice.transcription.enabled=false}), and {@code /ws/video}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ VoiceProperties.class, TranscriptionProperties.class, SpeechProperties.class,
        VideoProperties.class })
public class VoiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VoiceConfiguration.class);

    /** The subscriptions of {@link VoiceReplies} (each node's audio sockets); what it publishes is input's. */
    @Bean
    ComponentEvents voiceEvents() {
        return ComponentEvents.of(VoiceReplies.SUBSCRIBER)
                .consumesBroadcast(EventType.INPUT_TRANSCRIPT_UPDATED)
                .consumesBroadcast(EventType.LLM_RESPONSE_DELTA)
                .consumesBroadcast(EventType.OUTPUT_FORMATTING_COMPLETED)
                .build();
    }

    @Bean
    @ConditionalOnProperty(name = "janus.input.voice.transcription.enabled", havingValue = "true", matchIfMissing = true)
    ComponentEvents transcriptionEvents() {
        return ComponentEvents.of(TranscriptionComponent.GROUP).publishes(EventType.INPUT_TRANSCRIPT_UPDATED)
                .consumes(EventType.INPUT_UTTERANCE_COMPLETED).build();
    }

    @Bean
    AudioSockets audioSockets() {
        return new AudioSockets();
    }

    @Bean
    MeterBinder voiceSessions(AudioSockets sockets) {
        return meters -> Gauge.builder("janus.voice.sessions.active", sockets, AudioSockets::size)
                .description("Audio sockets this node holds").register(meters);
    }

    @Bean
    VoiceReplies voiceReplies(EventBus bus, AudioSockets sockets, Conversations conversations, SpeechProperties speech,
            VoiceProperties voice, ObjectProvider<ObservationRegistry> observations) {
        return new VoiceReplies(bus, sockets, conversations,
                speechSynthesizer(speech, observations.getIfUnique(() -> ObservationRegistry.NOOP)), speech,
                voice.bargeIn());
    }

    /** The detector of each track: the Silero model is loaded once, here, when voice is on and the engine is silero. */
    @Bean
    VoiceActivityDetectors voiceActivityDetectors(VoiceProperties voice) {
        if (!voice.enabled()) {
            return VoiceActivityDetectors.of(voice.vad().withEngine(VoiceProperties.Vad.ENERGY));
        }
        VoiceActivityDetectors detectors = VoiceActivityDetectors.of(voice.vad());
        log.info("Voice activity detection: {}", detectors.engine());
        return detectors;
    }

    @Bean
    AudioBudget audioBudget(SecurityProperties security, VoiceProperties voice) {
        return new AudioBudget(security.secured(), voice);
    }

    @Bean
    AudioWebSocketHandler audioWebSocketHandler(EventBus bus, Conversations conversations,
            ClientConnections connections, AudioSockets sockets, VoiceReplies replies, VoiceProperties voice,
            VoiceActivityDetectors detectors, AudioBudget budget, PrincipalRateLimiter limiter, SpeechProperties speech,
            InputProperties input) {
        if (voice.enabled() && voice.maxFrameBytes() > input.maxBodyBytes()) {
            throw new IllegalArgumentException("janus.input.voice.max-frame-bytes (" + voice.maxFrameBytes()
                    + ") must not exceed janus.input.max-body-bytes (" + input.maxBodyBytes()
                    + "): the WebSocket container refuses larger frames by closing the socket");
        }
        return new AudioWebSocketHandler(bus, conversations, connections, sockets, replies, voice, detectors, budget,
                limiter, speech.enabledByDefault());
    }

    @Bean
    @ConditionalOnProperty(name = "janus.input.voice.transcription.enabled", havingValue = "true", matchIfMissing = true)
    TranscriptionEngine transcriptionEngine(TranscriptionProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        TranscriptionEngine engine = properties.engine().equals(OpenAiTranscriptionEngine.NAME)
                ? new OpenAiTranscriptionEngine(properties.openai(),
                        observations.getIfUnique(() -> ObservationRegistry.NOOP))
                : new SphinxTranscriptionEngine(properties.sphinx());
        log.info("Transcription engine: {}", properties.engine().equals(OpenAiTranscriptionEngine.NAME)
                ? "openai " + properties.openai() : "sphinx (offline)");
        return engine;
    }

    @Bean
    @ConditionalOnProperty(name = "janus.input.voice.transcription.enabled", havingValue = "true", matchIfMissing = true)
    TranscriptionComponent transcriptionComponent(EventBus bus, TranscriptionEngine engine,
            Conversations conversations, ObjectProvider<MeterRegistry> meters) {
        return new TranscriptionComponent(bus, engine, conversations, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    FrameRateLimiter videoFrameRateLimiter(VideoProperties video) {
        return new FrameRateLimiter(video.maxFramesPerSecond(), System::nanoTime);
    }

    @Bean
    @ConditionalOnMemoryBus
    LatestVideoFrames inMemoryLatestVideoFrames(VideoProperties video) {
        return new InMemoryLatestVideoFrames(video.latestFrameTtl(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnRedisBus
    LatestVideoFrames redisLatestVideoFrames(SharedRedis redis, VideoProperties video) {
        return new RedisLatestVideoFrames(redis, video.latestFrameTtl());
    }

    @Bean
    VideoWebSocketHandler videoWebSocketHandler(EventBus bus, Conversations conversations, FrameRateLimiter limiter,
            LatestVideoFrames latest, VideoProperties video, InputProperties input) {
        if (video.enabled() && video.maxFrameBytes() > input.maxBodyBytes()) {
            throw new IllegalArgumentException("janus.input.video.max-frame-bytes (" + video.maxFrameBytes()
                    + ") must not exceed janus.input.max-body-bytes (" + input.maxBodyBytes()
                    + "): the WebSocket container refuses larger frames by closing the socket");
        }
        return new VideoWebSocketHandler(bus, conversations, limiter, latest, video, Clock.systemUTC());
    }

    @Bean
    WebSocketConfigurer voiceAndVideoSockets(AudioWebSocketHandler audio, VideoWebSocketHandler video,
            VoiceProperties voice, VideoProperties videoProperties, OpenSockets sockets, StreamHandshake handshake,
            SecurityProperties security) {
        String[] origins = security.allowedOrigins().toArray(String[]::new);
        return registry -> {
            if (voice.enabled()) {
                registry.addHandler(sockets.track(audio), "/ws/audio").addInterceptors(handshake)
                        .setAllowedOriginPatterns(origins);
            }
            if (videoProperties.enabled()) {
                registry.addHandler(sockets.track(video), "/ws/video").addInterceptors(handshake)
                        .setAllowedOriginPatterns(origins);
            }
        };
    }

    /** The configured speech engine, or none when it is off or espeak-ng is not installed (replies stay text). */
    static @Nullable SpeechSynthesizer speechSynthesizer(SpeechProperties speech, ObservationRegistry observations) {
        if (speech.engine().equals(OpenAiSpeechSynthesizer.NAME)) {
            return new OpenAiSpeechSynthesizer(speech.openai(), observations);
        }
        if (speech.engine().equals(EspeakSpeechSynthesizer.NAME)) {
            if (EspeakSpeechSynthesizer.isInstalled(speech.espeak().command())) {
                return new EspeakSpeechSynthesizer(speech.espeak());
            }
            log.info("Speech out is off: {} is not installed (apt-get install espeak-ng, or set "
                    + "janus.input.voice.speech.engine=openai)", speech.espeak().command());
        }
        return null;
    }
}
