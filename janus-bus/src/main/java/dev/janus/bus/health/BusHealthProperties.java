package dev.janus.bus.health;

import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.within;

/**
 * How the bus's health check asks Redis, under {@code janus.bus.health}.
 *
 * @param pingTimeout how long the check waits for Redis to answer {@code PING} (default 1 s, 100ms..30s); keep it
 *        below the readiness probe's timeout
 */
@ConfigurationProperties("janus.bus.health")
public record BusHealthProperties(@DefaultValue("1s") Duration pingTimeout) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public BusHealthProperties {
        pingTimeout = within("janus.bus.health.ping-timeout", pingTimeout, Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(30));
    }
}
