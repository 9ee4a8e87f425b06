package dev.janus.input;

import java.time.Clock;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventType;
import dev.janus.input.audio.VoiceConfiguration;
import dev.janus.input.audio.VoiceProperties;
import dev.janus.input.chat.ChatWebSocketHandler;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.delivery.LiveDelivery;
import dev.janus.input.delivery.Outbox;
import dev.janus.input.delivery.ReplyWaiters;
import dev.janus.input.rest.ApiExceptionHandler;
import dev.janus.input.rest.EventsExportController;
import dev.janus.input.rest.RequestSizeLimitFilter;
import dev.janus.input.rest.StreamsController;
import dev.janus.input.session.InMemorySessionRegistry;
import dev.janus.input.session.InMemoryStreamOwners;
import dev.janus.input.session.RedisSessionRegistry;
import dev.janus.input.session.RedisStreamOwners;
import dev.janus.input.session.SessionRegistry;
import dev.janus.input.session.StreamOwners;
import dev.janus.input.video.VideoProperties;
import dev.janus.redis.SharedRedis;
import dev.janus.web.security.ApiKeys;
import dev.janus.web.security.PrincipalRateLimiter;
import dev.janus.web.security.SecurityProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The input component's beans: sessions, the REST interface, the chat WebSocket and live delivery.
 * Imported by its own {@link InputApplication} and by the all-in-one app; no other component
 * imports it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InputProperties.class)
@EnableWebSocket
@Import({ StreamsController.class, EventsExportController.class, ApiExceptionHandler.class, VoiceConfiguration.class })
public class InputConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-input";

    /** What input publishes, and the subscriptions of {@link LiveDelivery} (each node's client sockets). */
    @Bean
    ComponentEvents inputEvents() {
        return ComponentEvents.of(COMPONENT)
                .publishes(EventType.INPUT_MESSAGE_RECEIVED, EventType.INPUT_AUDIO_CHUNK, EventType.INPUT_VIDEO_FRAME,
                        EventType.INPUT_STREAM_STARTED, EventType.INPUT_STREAM_ENDED, EventType.INPUT_SPEECH_STARTED,
                        EventType.INPUT_SPEECH_ENDED, EventType.INPUT_UTTERANCE_COMPLETED,
                        EventType.INPUT_SUGGESTION_FEEDBACK, EventType.INPUT_STREAM_INTERRUPTED,
                        // the part of a voice reply heard before a barge-in
                        EventType.OUTPUT_MESSAGE_SENT)
                .consumesBroadcast(EventType.ORCHESTRATOR_RESPONSE_READY)
                .consumesBroadcast(EventType.OUTPUT_FORMATTING_COMPLETED)
                .consumesBroadcast(EventType.TOOLS_EXECUTION_PROGRESS)
                .consumesBroadcast(EventType.LLM_RESPONSE_DELTA)
                .consumesBroadcast(EventType.PROACTIVE_SUGGESTION_READY)
                .build();
    }

    @Bean
    MeterBinder activeSessions(SessionRegistry sessions) {
        return meters -> Gauge.builder("janus.sessions.active", sessions, SessionRegistry::count)
                .description("Open sessions (streams), of every input node").register(meters);
    }

    @Bean
    @ConditionalOnMemoryBus
    SessionRegistry inMemorySessionRegistry() {
        return new InMemorySessionRegistry();
    }

    @Bean
    @ConditionalOnRedisBus
    SessionRegistry redisSessionRegistry(SharedRedis redis, InputProperties properties) {
        return new RedisSessionRegistry(redis, properties.sessionIdleTimeout());
    }

    @Bean
    @ConditionalOnMemoryBus
    StreamOwners inMemoryStreamOwners() {
        return new InMemoryStreamOwners();
    }

    @Bean
    @ConditionalOnRedisBus
    StreamOwners redisStreamOwners(SharedRedis redis) {
        return new RedisStreamOwners(redis);
    }

    @Bean
    Conversations conversations(EventBus bus, SessionRegistry sessions, StreamOwners owners,
            InputProperties properties) {
        return new Conversations(bus, sessions, owners, properties, Clock.systemUTC());
    }

    @Bean
    StreamHandshake streamHandshake(Conversations conversations) {
        return new StreamHandshake(conversations);
    }

    @Bean
    OpenSockets openSockets(ApiKeys keys, InputProperties properties) {
        return new OpenSockets(keys, properties.maxSockets(), properties.maxSocketsPerPrincipal());
    }

    /** Closes the sockets of revoked keys every {@code janus.security.key-recheck-interval}. */
    @Bean
    PeriodicTask revokedKeySweep(OpenSockets sockets, SecurityProperties security) {
        return new PeriodicTask("janus-revoked-key-sweep", security.keyRecheckInterval(),
                security.keyRecheckInterval(), sockets::closeRevoked);
    }

    /**
     * Writes a comment to every open event stream every {@code janus.input.heartbeat-interval}, so the slot of a client
     * that went away is freed without waiting for a reply on its stream.
     */
    @Bean
    PeriodicTask eventStreamHeartbeat(OpenSockets sockets, InputProperties properties) {
        return new PeriodicTask("janus-event-stream-heartbeat", properties.heartbeatInterval(),
                properties.heartbeatInterval(), sockets::heartbeat);
    }

    /** Ends idle sessions every {@code janus.input.sweep-interval}. */
    @Bean
    PeriodicTask sessionExpiry(Conversations conversations, InputProperties properties) {
        return new PeriodicTask("janus-session-expiry", properties.sweepInterval(), properties.sweepInterval(),
                conversations::expireIdleSessions);
    }

    @Bean
    ClientConnections clientConnections() {
        return new ClientConnections(JsonMapper.builder().build());
    }

    @Bean
    ReplyWaiters replyWaiters() {
        return new ReplyWaiters();
    }

    @Bean
    Outbox outbox(EventHistory history) {
        return new Outbox(history);
    }

    @Bean
    LiveDelivery liveDelivery(EventBus bus, ClientConnections connections, ReplyWaiters waiters) {
        return new LiveDelivery(bus, connections, waiters);
    }

    @Bean
    ChatWebSocketHandler chatWebSocketHandler(Conversations conversations, ClientConnections connections,
            PrincipalRateLimiter limiter, InputProperties properties) {
        return new ChatWebSocketHandler(conversations, connections, limiter, properties.maxBodyBytes());
    }

    @Bean
    WebSocketConfigurer chatWebSocket(ChatWebSocketHandler handler, OpenSockets sockets, StreamHandshake handshake,
            SecurityProperties security) {
        return registry -> registry.addHandler(sockets.track(handler), "/ws/chat").addInterceptors(handshake)
                .setAllowedOriginPatterns(security.allowedOrigins().toArray(String[]::new));
    }

    /**
     * The WebSocket container's buffers, which Tomcat allocates for every socket: sized from the frame limits, not
     * larger. A text frame carries at most a message of {@code max-text-chars} as JSON (escaping may double it); a
     * binary frame at most the largest audio or video frame (a chat frame sent as binary UTF-8 shares it) — with a
     * quarter more, so a frame a little over its limit still gets an error frame that names the limit (a larger
     * one closes the socket with 1009).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(InputProperties properties, VoiceProperties voice,
            VideoProperties video) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(Math.min(properties.maxBodyBytes(), 2 * properties.maxTextChars() + 1_024));
        int largestFrame = Math.max(voice.enabled() ? voice.maxFrameBytes() : 0,
                video.enabled() ? video.maxFrameBytes() : 0);
        container.setMaxBinaryMessageBufferSize(Math.max(4_096, Math.min(properties.maxBodyBytes(),
                largestFrame + largestFrame / 4)));
        return container;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(InputProperties properties) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.maxBodyBytes()));
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
