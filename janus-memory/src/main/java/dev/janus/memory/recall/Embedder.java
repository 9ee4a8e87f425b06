package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.List;

import dev.janus.events.TextEmbedding;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.models.embedding.RecentEmbeddings;
import dev.janus.models.embedding.UnitVectors;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.jspecify.annotations.Nullable;

/**
 * Turns text into unit vectors with the configured {@link EmbeddingModel} ({@code janus.embeddings.model}), and
 * remembers the latest ({@link RecentEmbeddings}), so a text embedded twice costs one embedding. Takes an embedding
 * that arrived with a request in place of its own when the same model made it ({@link #carried}). Thread-safe.
 */
public final class Embedder {

    /** The model id of an embedder built on a bare model, whose vectors are never stored. */
    public static final String UNNAMED = "unnamed";

    private final EmbeddingModel model;
    private final String modelId;
    private final RecentEmbeddings recent = new RecentEmbeddings();

    /** An embedder on a named model: its vectors are labelled with the model's id. */
    public Embedder(NamedEmbeddingModel model) {
        this.model = model.model();
        this.modelId = model.id();
    }

    /** An embedder on a bare model, labelled {@value #UNNAMED}: for measurements, not for vectors that are stored. */
    public Embedder(EmbeddingModel model) {
        this.model = model;
        this.modelId = UNNAMED;
    }

    /** The id of the model its vectors come from. */
    public String modelId() {
        return modelId;
    }

    /**
     * The unit vector of {@code text} from {@code embedding}, which came with it from another component, when this
     * embedder's model made it (then cached, so embedding the text later costs nothing); absent otherwise.
     */
    public float @Nullable [] carried(String text, @Nullable TextEmbedding embedding) {
        if (embedding == null || !embedding.model().equals(modelId)
                || embedding.dimensions() != VectorIndex.DIMENSIONS) {
            return null;
        }
        float[] vector = UnitVectors.of(embedding.toFloats());
        recent.put(text, vector);
        return vector;
    }

    /** The unit vector of the text if it is cached (embedded or carried lately); absent otherwise. */
    public float @Nullable [] cached(String text) {
        return recent.get(text);
    }

    /** The unit vector of the text. */
    public float[] embed(String text) {
        return recent.vectorOf(text, unembedded -> UnitVectors.of(model.embed(unembedded).content().vector()));
    }

    /** The unit vectors of the texts, in one call of the model (which spreads them over its threads). */
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(embedding -> vectors.add(UnitVectors.of(embedding.vector())));
        return vectors;
    }

    /** Forgets every cached text, as forgetting a user requires. */
    public void clearCache() {
        recent.clear();
    }
}
