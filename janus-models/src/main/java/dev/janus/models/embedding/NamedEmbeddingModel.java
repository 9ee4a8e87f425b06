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

    /**
     * Whether {@code text} has anything to embed: the models' tokenizer drops white space (no-break spaces too),
     * control and format characters (U+200B, U+FEFF), and the model refuses text it reduces to nothing ("Cannot
     * embed empty or whitespace-only text"). Callers skip such text rather than log its failure.
     */
    public static boolean embeds(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.CONTROL);
    }

    /** The embedding of {@code text} as the model gives it (MiniLM's are unit vectors). */
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }
}
