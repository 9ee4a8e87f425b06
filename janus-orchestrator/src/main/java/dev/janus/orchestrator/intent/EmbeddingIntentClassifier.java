package dev.janus.orchestrator.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import dev.janus.events.ClassifiedIntent;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.CosineSimilarity;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a message by the cosine similarity of its sentence embedding to labelled examples: the
 * label of the most similar example, when that similarity reaches the threshold, else the default
 * intent. The examples are embedded once, when the classifier is built. Thread-safe; one
 * classification embeds one sentence (a few milliseconds with the offline MiniLM model on 2 cores), or none when it
 * is given the message's embedding by the same model ({@link #embed}, shared with memory).
 */
public final class EmbeddingIntentClassifier implements IntentClassifier {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    private final NamedEmbeddingModel model;
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
    public EmbeddingIntentClassifier(NamedEmbeddingModel model, List<IntentDefinition> intents, double threshold,
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
        List<Embedding> embeddings = model.model().embedAll(segments).content();
        List<Example> embedded = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            embedded.add(new Example(labels.get(i), embeddings.get(i)));
        }
        this.examples = List.copyOf(embedded);
    }

    /** The id of the model it embeds with. */
    public String modelId() {
        return model.id();
    }

    @Override
    public MessageEmbedding embed(String text) {
        return new MessageEmbedding(model.id(), model.embed(text));
    }

    @Override
    public ClassifiedIntent classify(String text) {
        return classify(text, null);
    }

    /**
     * The intent of {@code text}, read from {@code embedding} when it is this model's embedding of the very text the
     * classifier reads: the text without surrounding blanks and without numbers ({@link #masked}). A message with a
     * number is embedded again, masked.
     */
    @Override
    public ClassifiedIntent classify(String text, @Nullable MessageEmbedding embedding) {
        String read = masked(text.strip());
        Embedding message = embedding != null && embedding.model().equals(model.id()) && read.equals(text)
                ? Embedding.from(embedding.vector())
                : model.model().embed(read).content();
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
