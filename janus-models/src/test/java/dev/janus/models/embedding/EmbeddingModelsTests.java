package dev.janus.models.embedding;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmbeddingModelsTests {

    @ParameterizedTest
    @ValueSource(strings = { EmbeddingModels.MINILM_QUANTIZED, EmbeddingModels.MINILM })
    void loadsEachShippedModelUnderItsIdAndEmbedsByMeaning(String id) {
        // given
        NamedEmbeddingModel model = EmbeddingModels.load(id, Path.of("target", "djl-cache"), Runnable::run);

        // when
        float[] weather = model.embed("What is the weather like today?");
        float[] forecast = model.embed("Tell me today's weather forecast.");
        float[] unrelated = model.embed("My sister works as a nurse in Porto.");

        // then
        assertThat(model.id()).isEqualTo(id);
        assertThat(weather).hasSize(384);
        assertThat(cosine(weather, forecast)).isGreaterThan(0.6);
        assertThat(cosine(weather, unrelated)).isLessThan(0.3);
    }

    @Test
    void refusesAModelItDoesNotShipNamingTheOnesItDoes() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EmbeddingProperties("bge-small"))
                .withMessage("janus.embeddings.model must be one of [all-minilm-l6-v2-q, all-minilm-l6-v2], but was "
                        + "'bge-small'");
    }

    @Test
    void defaultsToTheQuantizedMiniLm() {
        assertThat(EmbeddingProperties.defaults().model()).isEqualTo(EmbeddingModels.MINILM_QUANTIZED);
    }

    private static double cosine(float[] left, float[] right) {
        double dot = 0;
        double leftNorm = 0;
        double rightNorm = 0;
        for (int i = 0; i < left.length; i++) {
            dot += left[i] * right[i];
            leftNorm += left[i] * left[i];
            rightNorm += right[i] * right[i];
        }
        return dot / Math.sqrt(leftNorm * rightNorm);
    }
}
