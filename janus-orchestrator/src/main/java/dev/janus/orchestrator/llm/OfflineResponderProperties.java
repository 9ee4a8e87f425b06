package dev.janus.orchestrator.llm;

import java.time.ZoneId;

import dev.janus.models.embedding.EmbeddingModels;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the {@link OfflineResponder}, under {@code janus.llm.offline}.
 *
 * @param answerSimilarity the cosine similarity (of {@code janus.embeddings.model}, as memory measures it) a
 *        recalled item needs to the question before the offline responder answers with it; below it, it says it does
 *        not know. Calibrated per embedding model on half of the labelled recall-and-answer suite for no false answer
 *        there: 0.47 for the default model, 0.5 for all-minilm-l6-v2, which is the default when that model is
 *        configured and this is not (0..1; lower answers more questions and risks quoting the wrong memory)
 * @param zone the time zone of the dates it quotes ("you told me on 3 December"; default UTC)
 */
@ConfigurationProperties("janus.llm.offline")
public record OfflineResponderProperties(@DefaultValue("" + DEFAULT_SIMILARITY) Double answerSimilarity,
        @DefaultValue("UTC") ZoneId zone) {

    /** The calibrated default of {@code janus.llm.offline.answer-similarity} with the default embedding model. */
    public static final double DEFAULT_SIMILARITY = 0.47;

    /** The calibrated default of {@code janus.llm.offline.answer-similarity} with {@code all-minilm-l6-v2}. */
    public static final double MINILM_SIMILARITY = 0.5;

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public OfflineResponderProperties {
        answerSimilarity = answerSimilarity == null ? DEFAULT_SIMILARITY : answerSimilarity;
        if (answerSimilarity.isNaN() || answerSimilarity < 0.0 || answerSimilarity > 1.0) {
            throw new IllegalArgumentException("janus.llm.offline.answer-similarity must be 0..1, but was "
                    + answerSimilarity);
        }
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }

    /** The calibrated answer similarity for memory's embedding model {@code embeddingModel}. */
    public static double defaultSimilarity(String embeddingModel) {
        return EmbeddingModels.MINILM.equals(embeddingModel) ? MINILM_SIMILARITY : DEFAULT_SIMILARITY;
    }

    /** Every default. */
    public static OfflineResponderProperties defaults() {
        return new OfflineResponderProperties(null, null);
    }

    /** These properties with another answer similarity. */
    public OfflineResponderProperties withAnswerSimilarity(double similarity) {
        return new OfflineResponderProperties(similarity, zone);
    }
}
