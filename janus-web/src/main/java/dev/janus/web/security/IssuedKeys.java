package dev.janus.web.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys an admin issued at run time, by hash: in memory, or in Redis so every service and replica accepts
 * them. Thread-safe.
 */
public interface IssuedKeys {

    void put(String hash, IssuedKey key);

    Optional<IssuedKey> find(String hash);

    List<IssuedKey> all();

    /** Removes the keys of {@code principal}; returns how many there were. */
    int revoke(String principal);

    /**
     * An issued key, without the key.
     *
     * @param principal who presents it
     * @param roles what it may do
     * @param issuedAt when
     */
    record IssuedKey(String principal, Set<Role> roles, Instant issuedAt) {

        public IssuedKey {
            roles = Set.copyOf(roles);
        }
    }
}
