package dev.janus.memory.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Facts in this JVM only, for the in-memory bus: lost when the process ends. */
public final class InMemoryFactStore implements FactStore {

    private final Map<String, Map<String, StoredFact>> byUser = new ConcurrentHashMap<>();

    @Override
    public Supplier<List<StoredFact>> readOf(String userId) {
        Map<String, StoredFact> facts = byUser.get(userId);
        if (facts == null) {
            return List::of;
        }
        synchronized (facts) {
            List<StoredFact> result = new ArrayList<>(facts.values());
            result.sort(Comparator.comparing(stored -> stored.fact().at()));
            return () -> result;
        }
    }

    @Override
    public void put(String userId, List<StoredFact> facts) {
        Map<String, StoredFact> stored = byUser.computeIfAbsent(userId, id -> new LinkedHashMap<>());
        synchronized (stored) {
            facts.forEach(fact -> stored.put(fact.id(), fact));
        }
    }

    @Override
    public void remove(String userId, Set<String> factIds) {
        Map<String, StoredFact> stored = byUser.get(userId);
        if (stored != null) {
            synchronized (stored) {
                stored.keySet().removeAll(factIds);
            }
        }
    }

    @Override
    public int forget(String userId) {
        Map<String, StoredFact> removed = byUser.remove(userId);
        return removed == null ? 0 : removed.size();
    }

    @Override
    public Set<String> users() {
        return Set.copyOf(byUser.keySet());
    }
}
