package dev.janus.orchestrator.llm;

import java.time.ZoneId;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the {@link OfflineResponder}, under {@code janus.llm.offline}.
 *
 * @param answerSimilarity the cosine similarity (MiniLM, as memory measures it) a recalled item needs to the
 *        question before the offline responder answers with it; below it, it says it does not know. Calibrated on
 *        half of the labelled recall-and-answer suite for no false answer there (0..1; lower
 *        answers more questions and risks quoting the wrong memory)
 * @param zone the time zone of the dates it quotes ("you told me on 3 December"; default UTC)
 */
@ConfigurationProperties("janus.llm.offline")
public record OfflineResponderProperties(@DefaultValue("" + DEFAULT_SIMILARITY) @Nullable Double answerSimilarity,
        @DefaultValue("UTC") @Nullable ZoneId zone) {

    /** The calibrated default of {@code janus.llm.offline.answer-similarity}. */
    public static final double DEFAULT_SIMILARITY = 0.5;

    public OfflineResponderProperties {
        answerSimilarity = answerSimilarity == null ? DEFAULT_SIMILARITY : answerSimilarity;
        if (answerSimilarity.isNaN() || answerSimilarity < 0.0 || answerSimilarity > 1.0) {
            throw new IllegalArgumentException("janus.llm.offline.answer-similarity must be 0..1, but was "
                    + answerSimilarity);
        }
        zone = zone == null ? ZoneId.of("UTC") : zone;
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
