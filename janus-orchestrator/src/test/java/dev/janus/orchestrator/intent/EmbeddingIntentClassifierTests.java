package dev.janus.orchestrator.intent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.janus.events.ClassifiedIntent;
import dev.janus.models.embedding.EmbeddingModels;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.orchestrator.OrchestratorProperties;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The classifier on each embedding model Janus ships ({@code janus.embeddings.model}), loaded once per model. */
class EmbeddingIntentClassifierTests {

    private static final Path CACHE = Path.of("target", "djl-cache");
    private static final Map<String, EmbeddingIntentClassifier> CLASSIFIERS = new ConcurrentHashMap<>();
    private static final Map<String, NamedEmbeddingModel> MODELS = new ConcurrentHashMap<>();

    private static final List<List<String>> LABELLED = List.of(
            List.of("hi there", "greeting"),
            List.of("Hello!", "greeting"),
            List.of("can you help me", "help"),
            List.of("what can you do for me?", "help"),
            List.of("what is 17 * 23", "calculation"),
            List.of("calculate 250 / 5", "calculation"),
            List.of("how much is 99 - 1", "calculation"),
            List.of("what time is it in Tokyo", "time"),
            List.of("convert 10 miles to km", "conversion"),
            List.of("what is my name?", "question"),
            List.of("my name is Sam", "remember"),
            List.of("tell me something funny", "chitchat"));

    static Stream<Arguments> labelledMessagesOnEachModel() {
        return EmbeddingModels.IDS.stream()
                .flatMap(model -> LABELLED.stream().map(row -> Arguments.of(model, row.get(0), row.get(1))));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("labelledMessagesOnEachModel")
    void labelsAMessageWithItsMostSimilarExamplesIntent(String model, String message, String expected) {
        // when
        ClassifiedIntent intent = classifier(model).classify(message);

        // then
        assertThat(intent.intent()).as("intent of '%s' (confidence %s)", message, intent.confidence())
                .isEqualTo(expected);
        assertThat(intent.confidence()).isBetween(0.45, 1.0);
    }

    @Test
    void namesTheToolsOfTheIntent() {
        // when
        ClassifiedIntent intent = classifier(EmbeddingModels.DEFAULT).classify("what is 17 * 23");

        // then
        assertThat(intent.tools()).containsExactly("calculator");
    }

    @ParameterizedTest
    @ValueSource(strings = { EmbeddingModels.MINILM_QUANTIZED, EmbeddingModels.MINILM })
    void fallsBackToTheDefaultIntentBelowTheThreshold(String model) {
        // given
        EmbeddingIntentClassifier strict = new EmbeddingIntentClassifier(model(model),
                List.of(IntentDefinition.of("weather", List.of("forecast"), "will it rain tomorrow?"),
                        IntentDefinition.of("question", List.of(), "what is my name?")),
                0.95, "question");

        // when
        ClassifiedIntent intent = strict.classify("the quarterly report is due on Friday");

        // then
        assertThat(intent.intent()).isEqualTo("question");
        assertThat(intent.tools()).isEmpty();
        assertThat(intent.confidence()).isBetween(0.0, 0.95);
    }

    @ParameterizedTest
    @ValueSource(strings = { EmbeddingModels.MINILM_QUANTIZED, EmbeddingModels.MINILM })
    void labelsTheLabelledSuiteAtItsLevel(String model) {
        // given
        EmbeddingIntentClassifier classifier = classifier(model);
        List<LabelledMessage> suite = LabelledMessage.suite();
        List<String> misses = new ArrayList<>();

        // when
        for (LabelledMessage message : suite) {
            String intent = classifier.classify(message.text(), classifier.embed(message.text())).intent();
            if (!intent.equals(message.intent())) {
                misses.add(message.text() + " -> " + intent);
            }
        }

        // then
        int right = suite.size() - misses.size();
        System.out.printf(Locale.ROOT, "Intent suite on %s: %d/%d, misses: %s%n", model, right, suite.size(), misses);
        assertThat(right).as("messages labelled right, of %d; misses %s", suite.size(), misses)
                .isGreaterThanOrEqualTo(LabelledMessage.LEVEL);
    }

    @Test
    void rewritesAnExamplesNumbersWithOneToFourDigitsTheSameOnEveryStart() {
        // when
        List<String> forms = EmbeddingIntentClassifier.numbersRewritten("what is 1,234.5 * 23?");

        // then
        assertThat(forms).hasSize(14).startsWith("what is 1,234.5 * 23?", "what is 7 * 7?")
                .isEqualTo(EmbeddingIntentClassifier.numbersRewritten("what is 1,234.5 * 23?"));
        assertThat(forms.subList(2, 14)).allMatch(form -> form.matches("what is \\d{1,4} \\* \\d{1,4}\\?"))
                .anyMatch(form -> form.matches("what is \\d \\* .*")).anyMatch(form -> form.matches(".*\\d{4}\\?"));
        assertThat(EmbeddingIntentClassifier.numbersRewritten("hi there")).containsExactly("hi there");
    }

    @Nested
    class OneEmbeddingPerMessage {

        private final CountingModel counting = new CountingModel(model(EmbeddingModels.DEFAULT).model());
        private final EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(
                new NamedEmbeddingModel(EmbeddingModels.DEFAULT, counting), OrchestratorProperties.defaultIntents(),
                0.45, "question");

        {
            // only the messages count, not the examples embedded when the classifier was built
            counting.sentences.set(0);
        }

        @Test
        void readsTheMessagesSharedEmbeddingInsteadOfEmbeddingItAgain() {
            // given the message embedded, and its text no longer kept (so that only the embedding tells)
            MessageEmbedding embedding = classifier.embed("hi there");
            classifier.forgetRecentTexts();

            // when
            ClassifiedIntent intent = classifier.classify("hi there", embedding);

            // then
            assertThat(embedding.model()).isEqualTo(EmbeddingModels.DEFAULT);
            assertThat(embedding.vector()).hasSize(384);
            assertThat(counting.sentences.get()).as("the embedding alone").isEqualTo(1);
            assertThat(intent).isEqualTo(classifier.classify("hi there"));
            assertThat(counting.sentences.get()).as("one more: the classification without the embedding").isEqualTo(2);
        }

        @Test
        void embedsATextSeenLatelyOnceUntilItsRecentTextsAreForgotten() {
            // given
            MessageEmbedding first = classifier.embed("thanks, that was great");

            // when
            MessageEmbedding again = classifier.embed("thanks, that was great");
            classifier.forgetRecentTexts();
            MessageEmbedding afterForgetting = classifier.embed("thanks, that was great");

            // then
            assertThat(again.vector()).isEqualTo(first.vector());
            assertThat(afterForgetting.vector()).containsExactly(first.vector(), within(1e-6f));
            assertThat(counting.sentences.get()).as("the first time and after forgetting").isEqualTo(2);
        }

        @Test
        void readsAMessageWithNumbersFromItsOneEmbeddingToo() {
            // given
            MessageEmbedding embedding = classifier.embed("what is 3 + 4");
            classifier.forgetRecentTexts();

            // when
            ClassifiedIntent intent = classifier.classify("what is 3 + 4", embedding);

            // then
            assertThat(intent.intent()).isEqualTo("calculation");
            assertThat(counting.sentences.get()).isEqualTo(1);
        }

        @Test
        void embedsTheMessageItselfWhenTheEmbeddingIsAnotherModels() {
            // given
            MessageEmbedding foreign = new MessageEmbedding("another-model", new float[384]);

            // when
            ClassifiedIntent intent = classifier.classify("hi there", foreign);

            // then
            assertThat(intent.intent()).isEqualTo("greeting");
            assertThat(counting.sentences.get()).isEqualTo(1);
        }
    }

    private static EmbeddingIntentClassifier classifier(String model) {
        return CLASSIFIERS.computeIfAbsent(model, id -> {
            OrchestratorProperties defaults = OrchestratorProperties.defaults();
            return new EmbeddingIntentClassifier(model(id), defaults.intents(), defaults.intentThreshold(),
                    defaults.defaultIntent());
        });
    }

    private static NamedEmbeddingModel model(String id) {
        return MODELS.computeIfAbsent(id, name -> EmbeddingModels.load(name, CACHE, Runnable::run));
    }

    /** The real model, counting the sentences it embeds. */
    private static final class CountingModel implements EmbeddingModel {

        private final EmbeddingModel model;
        private final AtomicInteger sentences = new AtomicInteger();

        CountingModel(EmbeddingModel model) {
            this.model = model;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            sentences.addAndGet(segments.size());
            return model.embedAll(segments);
        }
    }
}
