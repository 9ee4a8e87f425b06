package dev.janus.orchestrator.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.events.ClassifiedIntent;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.models.embedding.RecentEmbeddings;
import dev.janus.models.embedding.UnitVectors;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a message by the cosine similarity of its sentence embedding to labelled examples: the
 * label of the most similar example, when that similarity reaches the threshold, else the default
 * intent. The examples are embedded once, when the classifier is built, those with numbers in several forms
 * ({@link #numbersRewritten}). Thread-safe; one classification embeds one sentence (a millisecond or two with the
 * offline MiniLM model on 2 cores), or none when it is given the message's embedding by the same model
 * ({@link #embed}, shared with memory) or embedded the same text lately ({@link RecentEmbeddings}: greetings, thanks
 * and questions asked again cost no embedding).
 */
public final class EmbeddingIntentClassifier implements IntentClassifier {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    /** How many forms with numbers of random lengths an example with numbers is embedded in besides its own. */
    private static final int NUMBER_FORMS = 12;

    private final NamedEmbeddingModel model;
    private final RecentEmbeddings recent = new RecentEmbeddings();
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
                for (String form : numbersRewritten(example)) {
                    labels.add(intent.name());
                    segments.add(TextSegment.from(form));
                }
            }
        }
        List<Embedding> embeddings = model.model().embedAll(segments).content();
        List<Example> embedded = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            embedded.add(new Example(labels.get(i), labels.get(i).equals(defaultIntent),
                    UnitVectors.of(embeddings.get(i).vector())));
        }
        this.examples = List.copyOf(embedded);
    }

    /** The id of the model it embeds with. */
    public String modelId() {
        return model.id();
    }

    @Override
    public MessageEmbedding embed(String text) {
        return new MessageEmbedding(model.id(), unitVector(text));
    }

    @Override
    public void forgetRecentTexts() {
        recent.clear();
    }

    /** The unit vector of {@code text}, embedded unless it was lately. */
    private float[] unitVector(String text) {
        return recent.vectorOf(text, unembedded -> UnitVectors.of(model.embed(unembedded)));
    }

    @Override
    public ClassifiedIntent classify(String text) {
        return classify(text, null);
    }

    /** The intent of {@code text}, read from {@code embedding} when it is this model's, else from the text's own. */
    @Override
    public ClassifiedIntent classify(String text, @Nullable MessageEmbedding embedding) {
        float[] message = embedding != null && embedding.model().equals(model.id())
                ? UnitVectors.of(embedding.vector())
                : unitVector(text);
        String bestLabel = defaultIntent;
        double best = Double.NEGATIVE_INFINITY;
        double bestOfDefault = 0.0;
        for (Example example : examples) {
            double similarity = UnitVectors.cosine(message, example.unit());
            if (similarity > best) {
                best = similarity;
                bestLabel = example.label();
            }
            if (example.ofDefaultIntent()) {
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
     * The example as written and, when it has numbers, as it reads with every number written as 7 and in
     * {@value #NUMBER_FORMS} more forms, each number with one to four digits at random (from a generator seeded with
     * the example, so every start embeds the same forms). The value of a number says nothing about intent, but
     * MiniLM's tokenizer splits each number differently and weighs its pieces: "calculate 250 / 5" resembled no
     * arithmetic example when the examples' numbers had other lengths. With numbers of every length among the examples
     * a message is classified from its one embedding, the one memory keeps, not embedded again with its numbers masked.
     */
    static List<String> numbersRewritten(String example) {
        if (!NUMBER.matcher(example).find()) {
            return List.of(example);
        }
        Random digits = new Random(example.hashCode());
        List<String> forms = new ArrayList<>(2 + NUMBER_FORMS);
        forms.add(example);
        forms.add(NUMBER.matcher(example).replaceAll("7"));
        for (int i = 0; i < NUMBER_FORMS; i++) {
            StringBuilder form = new StringBuilder(example.length() + 8);
            Matcher number = NUMBER.matcher(example);
            int written = 0;
            while (number.find()) {
                int lowest = (int) Math.pow(10, digits.nextInt(4));
                form.append(example, written, number.start()).append(lowest + digits.nextInt(9 * lowest));
                written = number.end();
            }
            forms.add(form.append(example, written, example.length()).toString());
        }
        return forms;
    }

    private ClassifiedIntent intent(String label, double similarity) {
        return new ClassifiedIntent(label, Math.max(0.0, Math.min(1.0, similarity)),
                toolsByIntent.getOrDefault(label, List.of()));
    }

    private record Example(String label, boolean ofDefaultIntent, float[] unit) {
    }
}
