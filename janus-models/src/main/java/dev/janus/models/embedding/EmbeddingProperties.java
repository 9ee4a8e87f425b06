package dev.janus.models.embedding;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sentence embedding model, under {@code janus.embeddings}: one setting read by the orchestrator (intent, and the
 * embedding it carries to memory) and by memory (recall, patterns, summaries), so that both use the same model unless
 * told otherwise. A component whose model differs from the carried vector's embeds the message itself.
 *
 * @param model {@code all-minilm-l6-v2-q} (default: int8 weights, about half the CPU per sentence, recall and intent
 *        results at least as good on Janus's suites) or {@code all-minilm-l6-v2} (float weights). Changing it
 *        re-embeds memory's stored items in the background
 */
@ConfigurationProperties("janus.embeddings")
public record EmbeddingProperties(@DefaultValue(EmbeddingModels.DEFAULT) String model) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public EmbeddingProperties {
        model = model == null || model.isBlank() ? EmbeddingModels.DEFAULT
                : EmbeddingModels.requireKnown("janus.embeddings.model", model);
    }

    /** Every default. */
    public static EmbeddingProperties defaults() {
        return new EmbeddingProperties(null);
    }
}
