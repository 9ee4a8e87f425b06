package dev.janus.web.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused by {@link LoopbackGuard}: what was wrong and the two ways to fix it, without a stack trace. */
public final class UnsafeBindFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeBindException cause) {
        return new FailureAnalysis("Janus would listen beyond loopback (server.address is " + cause.describedAddress()
                + ") without authentication: no API keys are configured (janus.security.api-keys).",
                "Either configure API keys (janus.security.api-keys[0].principal, .key of at least 16 characters and "
                        + ".roles; JANUS_ADMIN_KEY in the Compose and Kubernetes files), or listen on loopback only: "
                        + "server.address=127.0.0.1 (JANUS_BIND_ADDRESS=127.0.0.1).",
                cause);
    }
}
