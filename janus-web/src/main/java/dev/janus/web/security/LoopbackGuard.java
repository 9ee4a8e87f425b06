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

    /**
     * Checks {@code serverAddress} ({@code server.address}) against {@code properties}.
     *
     * @throws UnsafeBindException when the service would listen beyond loopback without keys
     */
    public static void check(SecurityProperties properties, @Nullable String serverAddress) {
        if (properties.secured()) {
            log.info("{} API key(s) configured: /api and /ws require 'Authorization: Bearer <key>'",
                    properties.apiKeys().size());
            return;
        }
        if (!LoopbackAddresses.isLoopbackHost(serverAddress)) {
            throw new UnsafeBindException(serverAddress);
        }
        log.info("No API keys configured: serving loopback ({}) only, without authentication", serverAddress);
    }

    private LoopbackGuard() {
    }
}
