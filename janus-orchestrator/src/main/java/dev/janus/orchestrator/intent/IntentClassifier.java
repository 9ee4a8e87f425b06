package dev.janus.orchestrator.intent;

import dev.janus.events.ClassifiedIntent;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a user's message is about. Implementations are thread-safe; {@code classify} may take
 * milliseconds (the orchestrator runs it on its own threads, overlapping the other branches) and
 * throws only for a broken classifier, in which case the orchestrator falls back to the default intent.
 */
@FunctionalInterface
public interface IntentClassifier {

    /** The intent of {@code text}, with a confidence in 0..1 and the tools it needs. */
    ClassifiedIntent classify(String text);

    /**
     * The intent of {@code text}, reading {@code embedding} (from {@link #embed}) rather than embedding the text again
     * when it can. By default the embedding is ignored.
     */
    default ClassifiedIntent classify(String text, @Nullable MessageEmbedding embedding) {
        return classify(text);
    }

    /**
     * The sentence embedding of {@code text} by the classifier's model, to share with memory; absent (the default)
     * for a classifier that embeds nothing. Takes milliseconds.
     */
    default @Nullable MessageEmbedding embed(String text) {
        return null;
    }

    /** Forgets the texts it keeps of recent messages, if any, as erasing a user requires. */
    default void forgetRecentTexts() {
    }
}
