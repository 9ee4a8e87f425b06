package dev.janus.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Spring Security's provider for Janus API keys: a presented key becomes its principal, or is refused. */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = ((JanusAuthentication.PresentedKey) authentication).getCredentials();
        String hash = KeyHash.of(presented);
        return keys.authenticateHash(hash).map(principal -> new JanusAuthentication(principal, hash))
                .orElseThrow(() -> new BadCredentialsException(
                        "the API key is not known; ask an admin for one (POST /api/v1/admin/api-keys)"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return JanusAuthentication.PresentedKey.class.isAssignableFrom(authentication);
    }
}
