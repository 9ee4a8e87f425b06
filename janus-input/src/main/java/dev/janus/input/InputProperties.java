package dev.janus.input;

import java.time.Duration;

import dev.janus.events.EventLimits;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.positive;

/**
 * Configuration of the client edge, under {@code janus.input}.
 *
 * @param maxTextChars longest message a client may send, in characters (at most {@link EventLimits#MAX_TEXT_CHARS})
 * @param maxBodyBytes largest REST request body or WebSocket text frame, in bytes
 * @param sessionIdleTimeout a session without activity for this long ends ({@code input.stream.ended}, reason idle)
 * @param sweepInterval how often idle sessions are looked for
 * @param maxWait the longest {@code ?wait=} a client may ask for
 * @param historyLimit most events {@code GET .../events} and the outbox return at once
 * @param maxSockets WebSockets (chat, audio, video), event streams ({@code GET .../responses}) and requests waiting
 *        for their reply ({@code ?wait=}) this node holds at most; one more socket is closed with 1013 (try again
 *        later), one more event stream or waiting request is 503 {@code too_many_connections}
 * @param maxSocketsPerPrincipal WebSockets, event streams and waiting requests one principal may hold open on this
 *        node; one more socket is closed with 1013, one more event stream or waiting request is 429
 *        {@code too_many_connections}
 * @param heartbeatInterval how often each open event stream gets a comment line: a write is how the server learns
 *        that a client went away, so this bounds how long a gone client's event stream holds its slot
 */
@ConfigurationProperties("janus.input")
public record InputProperties(@DefaultValue("16000") Integer maxTextChars,
        @DefaultValue("262144") Integer maxBodyBytes,
        @DefaultValue("30m") Duration sessionIdleTimeout,
        @DefaultValue("30s") Duration sweepInterval, @DefaultValue("120s") Duration maxWait,
        @DefaultValue("1000") Integer historyLimit, @DefaultValue("2000") Integer maxSockets,
        @DefaultValue("32") Integer maxSocketsPerPrincipal, @DefaultValue("15s") Duration heartbeatInterval) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public InputProperties {
        maxTextChars = inRange("janus.input.max-text-chars", maxTextChars, 16_000, 1, EventLimits.MAX_TEXT_CHARS);
        maxBodyBytes = inRange("janus.input.max-body-bytes", maxBodyBytes, 256 * 1024, 1_024, 16 * 1024 * 1024);
        sessionIdleTimeout = positive("janus.input.session-idle-timeout", sessionIdleTimeout, Duration.ofMinutes(30));
        sweepInterval = positive("janus.input.sweep-interval", sweepInterval, Duration.ofSeconds(30));
        maxWait = positive("janus.input.max-wait", maxWait, Duration.ofSeconds(120));
        historyLimit = inRange("janus.input.history-limit", historyLimit, 1_000, 1, 10_000);
        maxSockets = inRange("janus.input.max-sockets", maxSockets, 2_000, 1, 1_000_000);
        maxSocketsPerPrincipal = inRange("janus.input.max-sockets-per-principal", maxSocketsPerPrincipal, 32, 1,
                1_000_000);
        heartbeatInterval = positive("janus.input.heartbeat-interval", heartbeatInterval, Duration.ofSeconds(15));
    }

    /** Every default. */
    public static InputProperties defaults() {
        return new InputProperties(null, null, null, null, null, null, null, null, null);
    }
}
