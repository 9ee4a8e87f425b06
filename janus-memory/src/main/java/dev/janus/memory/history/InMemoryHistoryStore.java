package dev.janus.memory.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/** History in this JVM only, for the in-memory bus: lost when the process ends. */
public final class InMemoryHistoryStore implements HistoryStore {

    private static final Comparator<HistoryEntry> BY_TIME = Comparator.comparing(HistoryEntry::at);

    private final Map<String, StreamHistory> streams = new ConcurrentHashMap<>();

    @Override
    public boolean append(HistoryEntry entry) {
        return streams.computeIfAbsent(entry.streamId(), id -> new StreamHistory()).append(entry);
    }

    @Override
    public Supplier<List<HistoryEntry>> readRecent(String streamId, int limit) {
        List<HistoryEntry> all = all(streamId);
        List<HistoryEntry> recent = all.subList(Math.max(0, all.size() - limit), all.size());
        return () -> recent;
    }

    @Override
    public List<HistoryEntry> all(String streamId) {
        StreamHistory history = streams.get(streamId);
        return history == null ? List.of() : history.entries();
    }

    @Override
    public void replace(String streamId, List<HistoryEntry> removed, @Nullable HistoryEntry added) {
        StreamHistory history = streams.computeIfAbsent(streamId, id -> new StreamHistory());
        history.replace(removed, added, true);
    }

    @Override
    public Set<String> streams() {
        return Set.copyOf(streams.keySet());
    }

    @Override
    public Set<String> streamsOf(String userId) {
        Set<String> result = new HashSet<>();
        streams.forEach((id, history) -> {
            if (history.entries().stream().anyMatch(entry -> userId.equals(entry.userId()))) {
                result.add(id);
            }
        });
        return result;
    }

    @Override
    public Optional<HistoryEntry> remove(String userId, String entryId) {
        for (StreamHistory history : streams.values()) {
            Optional<HistoryEntry> found = history.entries().stream()
                    .filter(entry -> entry.id().equals(entryId) && userId.equals(entry.userId())).findFirst();
            if (found.isPresent()) {
                history.replace(List.of(found.get()), null, false);
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<HistoryEntry> forget(String userId) {
        List<HistoryEntry> removed = new ArrayList<>();
        for (StreamHistory history : streams.values()) {
            List<HistoryEntry> ofUser = history.entries().stream().filter(e -> userId.equals(e.userId())).toList();
            history.replace(ofUser, null, false);
            removed.addAll(ofUser);
        }
        return removed;
    }

    private static final class StreamHistory {

        private final List<HistoryEntry> entries = new ArrayList<>();
        private final Set<String> sources = new HashSet<>();

        synchronized boolean append(HistoryEntry entry) {
            if (!sources.add(entry.sourceEventId())) {
                return false;
            }
            insert(entry);
            return true;
        }

        synchronized List<HistoryEntry> entries() {
            return List.copyOf(entries);
        }

        /** Consolidation keeps the removed entries' sources, so a late redelivery does not bring them back. */
        synchronized void replace(List<HistoryEntry> removed, @Nullable HistoryEntry added, boolean keepSources) {
            Set<String> ids = new HashSet<>();
            removed.forEach(entry -> ids.add(entry.id()));
            entries.removeIf(entry -> ids.contains(entry.id()));
            if (!keepSources) {
                removed.forEach(entry -> sources.remove(entry.sourceEventId()));
            }
            if (added != null) {
                sources.add(added.sourceEventId());
                insert(added);
            }
        }

        /** After every entry of the same time or earlier, so equal times keep arrival order. */
        private void insert(HistoryEntry entry) {
            int position = entries.size();
            while (position > 0 && BY_TIME.compare(entries.get(position - 1), entry) > 0) {
                position--;
            }
            entries.add(position, entry);
        }
    }
}
