package dev.janus.input.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Stream owners in this JVM: the in-memory bus's single node. */
public final class InMemoryStreamOwners implements StreamOwners {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public String claim(String streamId, String principal) {
        return owners.computeIfAbsent(streamId, unused -> principal);
    }

    @Override
    public Optional<String> find(String streamId) {
        return Optional.ofNullable(owners.get(streamId));
    }
}
