package dev.janus.memory.recall;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives stored items whose vectors another embedding model made (before {@code janus.embeddings.model} changed) this
 * model's vectors, so that a model change never compares incompatible vectors: the {@link RecallIndex} leaves such
 * items out until then. Runs in the background at start ({@link #reembedAll()}) and for each user consolidation
 * visits ({@link #reembed(String)}). Embeds in batches; an item removed meanwhile is not brought back. Thread-safe;
 * replicas doing the same work at once write the same vectors.
 */
public final class Reembedding {

    private static final Logger log = LoggerFactory.getLogger(Reembedding.class);
    private static final int BATCH = 64;

    private final RecallIndex recall;
    private final Embedder embedder;

    public Reembedding(RecallIndex recall, Embedder embedder) {
        if (!recall.modelId().equals(embedder.modelId())) {
            throw new IllegalArgumentException("the recall index holds vectors of '" + recall.modelId()
                    + "' but the embedder's model is '" + embedder.modelId() + "'");
        }
        this.recall = recall;
        this.embedder = embedder;
    }

    /** Re-embeds every user's items of other models; returns how many items were re-embedded. */
    public int reembedAll() {
        int reembedded = 0;
        for (String userId : recall.users()) {
            reembedded += reembed(userId);
        }
        if (reembedded > 0) {
            log.info("Re-embedded {} recall items with {}", reembedded, embedder.modelId());
        }
        return reembedded;
    }

    /** Re-embeds the user's items of other models; returns how many items were re-embedded. */
    public int reembed(String userId) {
        List<RecallItem> stale = recall.embeddedByAnotherModel(userId);
        int reembedded = 0;
        for (int from = 0; from < stale.size(); from += BATCH) {
            List<RecallItem> batch = stale.subList(from, Math.min(stale.size(), from + BATCH));
            List<float[]> vectors = embedder.embedAll(batch.stream().map(RecallItem::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (recall.replace(batch.get(i), vectors.get(i))) {
                    reembedded++;
                }
            }
        }
        return reembedded;
    }
}
