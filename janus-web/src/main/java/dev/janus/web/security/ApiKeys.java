package dev.janus.web.security;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.janus.events.Abbreviation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every API key Janus accepts: the configured ones ({@code janus.security.api-keys}) and those an admin issued
 * ({@link IssuedKeys}); both known only by their hashes. An issued key is 32 random bytes, shown once.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, JanusPrincipal> configured = new HashMap<>();
    private final IssuedKeys issued;

    public ApiKeys(SecurityProperties properties, IssuedKeys issued) {
        properties.apiKeys().forEach(key -> configured.put(key.hash(),
                new JanusPrincipal(key.principal() == null ? "" : key.principal(), key.roleSet())));
        this.issued = issued;
    }

    /**
     * Whether keys are checked at all: only with configured keys ({@code janus.security.api-keys}). Without them
     * every loopback caller is the local principal, and an issued key would be ignored.
     */
    public boolean enabled() {
        return !configured.isEmpty();
    }

    /** The principal whose key {@code presented} is, if it is one. */
    public Optional<JanusPrincipal> authenticate(String presented) {
        return authenticateHash(KeyHash.of(presented));
    }

    /**
     * The principal of the key whose SHA-256 is {@code hash}, if it is still accepted: how open sockets are checked
     * again after a key was revoked.
     */
    public Optional<JanusPrincipal> authenticateHash(String hash) {
        JanusPrincipal principal = configured.get(hash);
        if (principal != null) {
            return Optional.of(principal);
        }
        return issued.find(hash).map(key -> new JanusPrincipal(key.principal(), key.roles()));
    }

    /** Issues a new key for {@code principal}; the returned key is not kept and cannot be shown again. */
    public String issue(String principal, Set<Role> roles) {
        if (!SecurityProperties.PRINCIPAL.matcher(principal).matches()) {
            throw new IllegalArgumentException("principal must be 1..128 of [A-Za-z0-9._@-], but was '"
                    + Abbreviation.abbreviate(principal, 60) + "'");
        }
        if (configured.values().stream().anyMatch(known -> known.name().equals(principal))) {
            throw new IllegalArgumentException("principal '" + principal + "' has a configured key; "
                    + "issue keys for other principals");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "jns_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        issued.put(KeyHash.of(key), new IssuedKeys.IssuedKey(principal, roles.isEmpty() ? Set.of(Role.USER) : roles,
                Instant.now()));
        return key;
    }

    /** Every principal with a key: configured first, then issued. */
    public List<KeyView> list() {
        List<KeyView> views = new ArrayList<>();
        configured.values().forEach(principal -> views.add(new KeyView(principal.name(), principal.roles(),
                "configured", null)));
        issued.all().forEach(key -> views.add(new KeyView(key.principal(), key.roles(), "issued", key.issuedAt())));
        return views;
    }

    /** Revokes the issued keys of {@code principal}; returns how many. Configured keys change only with the configuration. */
    public int revoke(String principal) {
        return issued.revoke(principal);
    }

    /**
     * A principal's key as admins see it: never the key.
     *
     * @param principal who
     * @param roles what it may do
     * @param source {@code configured} or {@code issued}
     * @param issuedAt when it was issued; absent for configured keys
     */
    public record KeyView(String principal, Set<Role> roles, String source,
            @JsonProperty("issued_at") @JsonInclude(JsonInclude.Include.NON_NULL)
            @org.jspecify.annotations.Nullable Instant issuedAt) {
    }
}
