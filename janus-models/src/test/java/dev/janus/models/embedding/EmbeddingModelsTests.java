package dev.janus.models.embedding;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

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

    @ParameterizedTest
    @ValueSource(strings = { EmbeddingModels.MINILM_QUANTIZED, EmbeddingModels.MINILM })
    void givesTheVectorsOfTheJarsOwnModelClassSoStoredVectorsStayComparable(String id) {
        // given: the jar's class runs the same network on ONNX Runtime's default thread pool
        NamedEmbeddingModel model = EmbeddingModels.load(id, Path.of("target", "djl-cache"), Runnable::run);
        EmbeddingModel jars = EmbeddingModels.MINILM.equals(id) ? new AllMiniLmL6V2EmbeddingModel()
                : new AllMiniLmL6V2QuantizedEmbeddingModel();
        String sentence = "Remind me to water the tomatoes before the heatwave on Friday.";

        // when
        float[] ours = model.embed(sentence);
        float[] theirs = jars.embed(sentence).content().vector();

        // then
        assertThat(ours).containsExactly(theirs, within(1e-5f));
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
