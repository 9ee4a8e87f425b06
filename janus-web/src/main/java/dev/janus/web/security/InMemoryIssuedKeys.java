package dev.janus.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link IssuedKeys} of this process, for the in-memory bus: gone with the process. */
public final class InMemoryIssuedKeys implements IssuedKeys {

    private final Map<String, IssuedKey> keys = new ConcurrentHashMap<>();

    @Override
    public void put(String hash, IssuedKey key) {
        keys.put(hash, key);
    }

    @Override
    public Optional<IssuedKey> find(String hash) {
        return Optional.ofNullable(keys.get(hash));
    }

    @Override
    public List<IssuedKey> all() {
        return new ArrayList<>(keys.values());
    }

    @Override
    public int revoke(String principal) {
        int before = keys.size();
        keys.values().removeIf(key -> key.principal().equals(principal));
        return before - keys.size();
    }
}
