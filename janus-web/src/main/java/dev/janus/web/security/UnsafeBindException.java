package dev.janus.web.security;

import org.jspecify.annotations.Nullable;

/**
 * A service without API keys was told to listen beyond loopback ({@link LoopbackGuard}); Spring Boot shows it at
 * start-up as a short description and action ({@link UnsafeBindFailureAnalyzer}) instead of a stack trace.
 */
public final class UnsafeBindException extends IllegalStateException {

    private final @Nullable String serverAddress;

    UnsafeBindException(@Nullable String serverAddress) {
        super("No API keys are configured (janus.security.api-keys), so Janus may only listen on loopback, but "
                + "server.address is " + described(serverAddress) + ". Configure API keys, or set "
                + "server.address=127.0.0.1.");
        this.serverAddress = serverAddress;
    }

    /** {@code server.address} as the message shows it. */
    String describedAddress() {
        return described(serverAddress);
    }

    private static String described(@Nullable String serverAddress) {
        return serverAddress == null ? "unset (all interfaces)" : "'" + serverAddress + "'";
    }
}
