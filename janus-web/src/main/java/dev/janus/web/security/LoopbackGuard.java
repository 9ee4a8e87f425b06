package dev.janus.web.security;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a service that has no API keys but would listen beyond loopback, and says at start-up which
 * of the two ways it runs.
 */
public final class LoopbackGuard {

    private static final Logger log = LoggerFactory.getLogger(LoopbackGuard.class);

    /** Checks {@code serverAddress} ({@code server.address}) against {@code properties}; throws when unsafe. */
    public static void check(SecurityProperties properties, @Nullable String serverAddress) {
        if (properties.secured()) {
            log.info("{} API key(s) configured: /api and /ws require 'Authorization: Bearer <key>'",
                    properties.apiKeys().size());
            return;
        }
        if (!LoopbackAddresses.isLoopbackHost(serverAddress)) {
            throw new IllegalStateException("No API keys are configured (janus.security.api-keys), so Janus may only "
                    + "listen on loopback, but server.address is " + (serverAddress == null ? "unset (all interfaces)"
                    : "'" + serverAddress + "'") + ". Configure API keys, or set server.address=127.0.0.1.");
        }
        log.info("No API keys configured: serving loopback ({}) only, without authentication", serverAddress);
    }

    private LoopbackGuard() {
    }
}
