package dev.janus.models.embedding;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;

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
        // given: the jar's class runs the same network on ONNX Runtime's default thread pool, tokenizing each text
        // twice more; the texts: words, numbers, accents, other scripts, emoji, odd spacing, and one longer
        // than the tokenizer's 128 tokens
        NamedEmbeddingModel model = EmbeddingModels.load(id, Path.of("target", "djl-cache"), Runnable::run);
        EmbeddingModel jars = EmbeddingModels.MINILM.equals(id) ? new AllMiniLmL6V2EmbeddingModel()
                : new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<String> texts = List.of("Remind me to water the tomatoes before the heatwave on Friday.", "391",
                "what is 17 * 23?", "Ünïcödé naïve café résumé", "東京で会いましょう", "😀 party 🎉",
                "  spaced   out  ", "don't you e-mail me!!!", "antidisestablishmentarianism", longText(400));

        for (String text : texts) {
            // when
            float[] ours = model.embed(text);
            float[] theirs = jars.embed(text).content().vector();

            // then
            assertThat(ours).as(text).containsExactly(theirs, within(1e-5f));
        }
    }

    @Test
    void embedsALongTextByItsFirst128Tokens() {
        // given: the shipped tokenizer keeps MiniLM's training length
        NamedEmbeddingModel model = EmbeddingModels.load(EmbeddingModels.DEFAULT, Path.of("target", "djl-cache"),
                Runnable::run);
        String text = longText(200);

        // when
        Response<Embedding> whole = model.model().embed(text);
        float[] withAnotherEnd = model.embed(text + " The rest is about something else entirely: tax forms.");

        // then: 126 of the text's own tokens and the two the tokenizer adds
        assertThat(whole.tokenUsage().inputTokenCount()).isEqualTo(126);
        assertThat(withAnotherEnd).containsExactly(whole.content().vector(), within(1e-6f));
    }

    @Test
    void refusesATextWithoutATokenAndEmbedsABatchInOrder() {
        // given
        ExecutorService threads = Executors.newFixedThreadPool(2);
        NamedEmbeddingModel model = EmbeddingModels.load(EmbeddingModels.DEFAULT, Path.of("target", "djl-cache"),
                threads);
        List<String> texts = List.of("first text", "the second one", "and a third", "a fourth to be sure");

        // when
        List<Embedding> batch;
        try {
            batch = model.model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        }
        finally {
            threads.shutdown();
        }

        // then
        assertThatIllegalArgumentException().isThrownBy(() -> model.embed(" \t "))
                .withMessage("Cannot embed empty or whitespace-only text");
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i).vector()).containsExactly(model.embed(texts.get(i)), within(1e-6f));
        }
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

    private static String longText(int words) {
        List<String> vocabulary = List.of("the", "garden", "needs", "water", "every", "morning", "before", "nine");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(vocabulary.get(i % vocabulary.size())).append(' ');
        }
        return text.toString().trim();
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
