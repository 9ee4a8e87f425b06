package dev.janus.orchestrator.intent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import dev.janus.events.ClassifiedIntent;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;

/**
 * Classifies a message by the cosine similarity of its sentence embedding to labelled examples: the
 * label of the most similar example, when that similarity reaches the threshold, else the default
 * intent. The examples are embedded once, when the classifier is built. Thread-safe; one
 * classification embeds one sentence (a few milliseconds with the offline MiniLM model on 2 cores).
 */
public final class EmbeddingIntentClassifier implements IntentClassifier {

    /** The variable (environment or system property) the MiniLM tokenizer reads for its native-library cache. */
    public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    private final EmbeddingModel model;
    private final List<Example> examples;
    private final Map<String, List<String>> toolsByIntent = new LinkedHashMap<>();
    private final double threshold;
    private final String defaultIntent;

    /**
     * A classifier over {@code intents}, embedding their examples with {@code model} now.
     *
     * @param threshold the similarity (0..1) the best example must reach for its label
     * @param defaultIntent the label otherwise
     */
    public EmbeddingIntentClassifier(EmbeddingModel model, List<IntentDefinition> intents, double threshold,
            String defaultIntent) {
        this.model = model;
        this.threshold = threshold;
        this.defaultIntent = defaultIntent;
        List<String> labels = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (IntentDefinition intent : intents) {
            toolsByIntent.put(intent.name(), intent.tools());
            for (String example : intent.examples()) {
                labels.add(intent.name());
                segments.add(TextSegment.from(masked(example)));
            }
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<Example> embedded = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            embedded.add(new Example(labels.get(i), embeddings.get(i)));
        }
        this.examples = List.copyOf(embedded);
    }

    /**
     * A classifier on the offline all-MiniLM-L6-v2 model shipped in the LangChain4j jar. Loading it
     * takes about two seconds, once per JVM. When neither the environment nor the system properties
     * set {@value #DJL_CACHE_DIR}, this sets the system property to {@code cacheDir}, where the
     * tokenizer unpacks its native library, rather than the library's default under the user's home.
     */
    public static EmbeddingIntentClassifier miniLm(List<IntentDefinition> intents, double threshold,
            String defaultIntent, Path cacheDir) {
        String fromEnvironment = System.getenv(DJL_CACHE_DIR);
        String fromProperty = System.getProperty(DJL_CACHE_DIR);
        if ((fromEnvironment == null || fromEnvironment.isBlank()) && (fromProperty == null || fromProperty.isBlank())) {
            System.setProperty(DJL_CACHE_DIR, cacheDir.toAbsolutePath().toString());
        }
        // A direct executor: embedding the examples once at start-up needs no thread pool that outlives us.
        return new EmbeddingIntentClassifier(new AllMiniLmL6V2EmbeddingModel(Runnable::run), intents, threshold,
                defaultIntent);
    }

    @Override
    public ClassifiedIntent classify(String text) {
        Embedding message = model.embed(masked(text.strip())).content();
        String bestLabel = defaultIntent;
        double best = Double.NEGATIVE_INFINITY;
        double bestOfDefault = 0.0;
        for (Example example : examples) {
            double similarity = CosineSimilarity.between(message, example.embedding());
            if (similarity > best) {
                best = similarity;
                bestLabel = example.label();
            }
            if (example.label().equals(defaultIntent)) {
                bestOfDefault = Math.max(bestOfDefault, similarity);
            }
        }
        if (best >= threshold) {
            return intent(bestLabel, best);
        }
        // Below the threshold the confidence is how much the message resembles the default intent's own examples.
        return intent(defaultIntent, bestOfDefault);
    }

    /**
     * The text with every number written as {@code 7}. The value of a number says nothing about intent, but
     * MiniLM's tokenizer splits each number differently, which made "what is 3 + 4" resemble no arithmetic
     * example; with one digit per number it is as close to "what is 17 * 23?" as the wording allows.
     */
    static String masked(String text) {
        return NUMBER.matcher(text).replaceAll("7");
    }

    private ClassifiedIntent intent(String label, double similarity) {
        return new ClassifiedIntent(label, Math.max(0.0, Math.min(1.0, similarity)),
                toolsByIntent.getOrDefault(label, List.of()));
    }

    private record Example(String label, Embedding embedding) {
    }
}
