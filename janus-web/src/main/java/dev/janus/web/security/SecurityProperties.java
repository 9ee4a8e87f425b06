package dev.janus.web.security;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;

/**
 * Security of every Janus service, under {@code janus.security}. Without API keys, Janus serves loopback only
 * and every caller is the local principal ({@link #localUser}, a user and an admin); with keys, every
 * {@code /api/**} and {@code /ws/**} request must present one.
 *
 * @param apiKeys the configured keys
 * @param rateLimit requests each principal may make
 * @param localUser the principal, and so the user, of loopback callers when no key is configured (default
 *        {@code local})
 * @param allowedOrigins browser origins besides Janus's own that may open WebSockets and send state-changing
 *        requests (Spring origin patterns such as {@code https://*.example.com}); empty (the default) allows the same
 *        origin only
 * @param keyRecheckInterval how often open WebSockets check that their key is still valid (default 2 s): a revoked
 *        key closes its sockets within this time
 * @param failedKeys unknown keys each address may present ({@link FailedKeyThrottle})
 */
@ConfigurationProperties("janus.security")
public record SecurityProperties(List<ConfiguredKey> apiKeys, RateLimit rateLimit,
        @DefaultValue("local") String localUser, @DefaultValue List<String> allowedOrigins,
        @DefaultValue("2s") Duration keyRecheckInterval, FailedKeys failedKeys) {

    static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        for (int i = 0; i < apiKeys.size(); i++) {
            apiKeys.get(i).validate("janus.security.api-keys[" + i + "]");
        }
        rateLimit = rateLimit == null ? new RateLimit(null, null) : rateLimit;
        localUser = localUser == null ? "local" : localUser;
        if (!PRINCIPAL.matcher(localUser).matches()) {
            throw new IllegalArgumentException("janus.security.local-user must be 1..128 of [A-Za-z0-9._@-], but was '"
                    + localUser + "'");
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        keyRecheckInterval = keyRecheckInterval == null ? Duration.ofSeconds(2) : keyRecheckInterval;
        failedKeys = failedKeys == null ? new FailedKeys(null, null) : failedKeys;
        if (keyRecheckInterval.compareTo(Duration.ofMillis(100)) < 0
                || keyRecheckInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("janus.security.key-recheck-interval must be 100ms..10m, but was "
                    + keyRecheckInterval);
        }
    }

    /** No keys, the default rate limit, the local user {@code local}. */
    public static SecurityProperties defaults() {
        return new SecurityProperties(null, null, null, null, null, null);
    }

    /** Whether any key is configured, so that requests must authenticate. */
    public boolean secured() {
        return !apiKeys.isEmpty();
    }

    /**
     * One configured key.
     *
     * @param principal who presents it ({@code [A-Za-z0-9._@-]}, at most 128 characters)
     * @param key the key itself (at least 16 characters), or its SHA-256 as {@code {sha256}<64 hex digits>} so that
     *        the configuration holds no secret
     * @param roles {@code user} (the default), {@code admin}, or both
     */
    public record ConfiguredKey(@Nullable String principal, @Nullable String key, @Nullable List<String> roles) {

        void validate(String property) {
            if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
                throw new IllegalArgumentException(property + ".principal must be 1..128 of [A-Za-z0-9._@-], but was '"
                        + principal + "'");
            }
            if (key == null || !(KeyHash.isHash(key) || key.length() >= 16)) {
                throw new IllegalArgumentException(property + ".key must be at least 16 characters or "
                        + "{sha256}<64 hex digits>, but was " + (key == null ? "missing" : key.length() + " characters"));
            }
            roleSet();
        }

        /** The roles; {@code user} when none are given. */
        public Set<Role> roleSet() {
            if (roles == null || roles.isEmpty()) {
                return Set.of(Role.USER);
            }
            Set<Role> parsed = new LinkedHashSet<>();
            roles.forEach(role -> parsed.add(Role.of(role)));
            return parsed;
        }

        /** The key's SHA-256 hash in hex. */
        public String hash() {
            return KeyHash.ofConfigured(key == null ? "" : key);
        }
    }

    /**
     * A token bucket per principal, per instance.
     *
     * @param requestsPerSecond steady rate (default 20; 1..100000)
     * @param burst requests allowed at once (default 40; 1..100000)
     */
    public record RateLimit(@DefaultValue("20") Integer requestsPerSecond,
            @DefaultValue("40") Integer burst) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public RateLimit {
            requestsPerSecond = inRange("janus.security.rate-limit.requests-per-second", requestsPerSecond, 20, 1,
                    100_000);
            burst = inRange("janus.security.rate-limit.burst", burst, 40, 1, 100_000);
        }
    }

    /**
     * Unknown API keys each client address may present, per instance, before its keys are refused unchecked for a
     * while ({@link FailedKeyThrottle}).
     *
     * @param burst unknown keys at once (default 20; 1..100000)
     * @param perMinute unknown keys more each minute (default 20; 1..100000)
     */
    public record FailedKeys(@DefaultValue("20") Integer burst, @DefaultValue("20") Integer perMinute) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public FailedKeys {
            burst = inRange("janus.security.failed-keys.burst", burst, 20, 1, 100_000);
            perMinute = inRange("janus.security.failed-keys.per-minute", perMinute, 20, 1, 100_000);
        }
    }
}
