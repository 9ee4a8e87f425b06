package dev.janus.web.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller: its {@link JanusPrincipal}, with authorities {@code ROLE_USER} / {@code ROLE_ADMIN}, and
 * the hash of the key it presented (absent for the local principal), by which open sockets are checked again later.
 * Never holds the key itself.
 */
public final class JanusAuthentication extends AbstractAuthenticationToken {

    private final JanusPrincipal principal;
    private final @Nullable String keyHash;

    public JanusAuthentication(JanusPrincipal principal, @Nullable String keyHash) {
        super(principal.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.principal = principal;
        this.keyHash = keyHash;
        setAuthenticated(true);
    }

    public JanusPrincipal principal() {
        return principal;
    }

    /** SHA-256 of the key presented; absent when no key was (loopback mode). */
    public @Nullable String keyHash() {
        return keyHash;
    }

    @Override
    public JanusPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public @Nullable Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.name();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof JanusAuthentication that && principal.equals(that.principal)
                && java.util.Objects.equals(keyHash, that.keyHash);
    }

    @Override
    public int hashCode() {
        return principal.hashCode();
    }

    /** An API key as presented, before it is checked: what {@link ApiKeyAuthenticationProvider} authenticates. */
    public static final class PresentedKey extends AbstractAuthenticationToken {

        private final String key;

        public PresentedKey(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public String getCredentials() {
            return key;
        }

        @Override
        public @Nullable Object getPrincipal() {
            return null;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof PresentedKey that && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public String toString() {
            return "PresentedKey[****]";
        }
    }
}
