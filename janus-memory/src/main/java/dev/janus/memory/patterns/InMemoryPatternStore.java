package dev.janus.memory.patterns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Pattern evidence in this JVM only, for the in-memory bus. */
public final class InMemoryPatternStore implements PatternStore {

    private final Map<String, Map<String, Map<String, String>>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> reported = new ConcurrentHashMap<>();

    @Override
    public List<Integer> recordAll(String userId, List<Observation> observations) {
        Map<String, Map<String, String>> patterns = byUser.computeIfAbsent(userId, id -> new ConcurrentHashMap<>());
        List<Integer> counts = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            Map<String, String> fields = patterns.computeIfAbsent(observation.kind() + ":" + observation.key(),
                    id -> new LinkedHashMap<>());
            synchronized (fields) {
                fields.putIfAbsent(observation.field(), observation.eventId());
                counts.add(fields.size());
            }
        }
        return counts;
    }

    @Override
    public List<String> evidence(String userId, String kind, String key, int limit) {
        Map<String, String> fields = byUser.getOrDefault(userId, Map.of()).get(kind + ":" + key);
        if (fields == null) {
            return List.of();
        }
        synchronized (fields) {
            List<String> ids = new ArrayList<>(fields.values());
            return ids.size() > limit ? List.copyOf(ids.subList(0, limit)) : ids;
        }
    }

    @Override
    public boolean markReported(String userId, String kind, String key, int level) {
        return reported.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(kind + ":" + key + ":" + level);
    }

    @Override
    public void forget(String userId) {
        byUser.remove(userId);
        reported.remove(userId);
    }
}
