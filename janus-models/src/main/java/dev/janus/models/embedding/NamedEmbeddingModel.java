package dev.janus.models.embedding;

import java.util.Objects;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * An embedding model with the id its vectors are labelled with. Vectors of different ids are never compared: an
 * embedding carried in an event, or a stored vector, is used only by a reader whose model has the same id.
 *
 * @param id the model's id, e.g. {@value EmbeddingModels#MINILM_QUANTIZED}
 * @param model the model
 */
public record NamedEmbeddingModel(String id, EmbeddingModel model) {

    public NamedEmbeddingModel {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(model, "model must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }

    /** The embedding of {@code text} as the model gives it (MiniLM's are unit vectors). */
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }
}
