package dev.janus.orchestrator.intent;

import java.nio.file.Path;
import java.util.List;

import dev.janus.events.ClassifiedIntent;
import dev.janus.orchestrator.OrchestratorProperties;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingIntentClassifierTests {

    private static EmbeddingIntentClassifier classifier;

    @BeforeAll
    static void loadModelOnce() {
        OrchestratorProperties defaults = OrchestratorProperties.defaults();
        classifier = EmbeddingIntentClassifier.miniLm(defaults.intents(), defaults.intentThreshold(),
                defaults.defaultIntent(), Path.of("target", "djl-cache"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            hi there                          | greeting
            Hello!                            | greeting
            can you help me                   | help
            what can you do for me?           | help
            what is 17 * 23                   | calculation
            calculate 250 / 5                 | calculation
            how much is 99 - 1                | calculation
            what time is it in Tokyo          | time
            convert 10 miles to km            | conversion
            what is my name?                  | question
            my name is Sam                    | remember
            tell me something funny           | chitchat
            """)
    void labelsAMessageWithItsMostSimilarExamplesIntent(String message, String expected) {
        // when
        ClassifiedIntent intent = classifier.classify(message);

        // then
        assertThat(intent.intent()).as("intent of '%s' (confidence %s)", message, intent.confidence())
                .isEqualTo(expected);
        assertThat(intent.confidence()).isBetween(0.45, 1.0);
    }

    @Test
    void namesTheToolsOfTheIntent() {
        // when
        ClassifiedIntent intent = classifier.classify("what is 17 * 23");

        // then
        assertThat(intent.tools()).containsExactly("calculator");
    }

    @Test
    void fallsBackToTheDefaultIntentBelowTheThreshold() {
        // given
        EmbeddingIntentClassifier strict = new EmbeddingIntentClassifier(classifierModel(),
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

    private static EmbeddingModel classifierModel() {
        return new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }
}
