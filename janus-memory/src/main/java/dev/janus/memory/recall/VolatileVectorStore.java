package dev.janus.memory.recall;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The in-memory bus's vector store: it keeps nothing, because the {@link RecallIndex} in this JVM is then the only
 * copy of the items (and is lost with the process, like the in-memory history). Versions stay 0, as no other replica
 * can change the items.
 */
public final class VolatileVectorStore implements VectorStore {

    @Override
    public List<StoredVector> load(String userId) {
        return List.of();
    }

    @Override
    public long put(StoredVector vector) {
        return 0;
    }

    /** Nothing is stored here, so nothing is stored by another model: there is never anything to replace. */
    @Override
    public long replaceIfPresent(StoredVector vector) {
        return -1;
    }

    @Override
    public long remove(String userId, Collection<String> itemIds) {
        return 0;
    }

    @Override
    public int forget(String userId) {
        return 0;
    }

    @Override
    public long version(String userId) {
        return 0;
    }

    @Override
    public Set<String> users() {
        return Set.of();
    }

    @Override
    public boolean keepsVectors() {
        return false;
    }
}
