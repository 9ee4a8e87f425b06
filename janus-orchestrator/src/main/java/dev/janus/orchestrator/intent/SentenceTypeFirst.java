package dev.janus.orchestrator.intent;

import java.util.List;

import dev.janus.events.ClassifiedIntent;
import dev.janus.events.vocabulary.IntentNames;
import dev.janus.events.vocabulary.SentenceType;
import org.jspecify.annotations.Nullable;

/**
 * Decides a message's {@link SentenceType} before its intent: a command to remember ("can you remember that my
 * locker is 42?") is {@value IntentNames#REMEMBER} whatever it resembles, and a question is never
 * {@value IntentNames#REMEMBER} even when its words resemble a statement ("which town does my brother live in?" is
 * close to "I live in Lisbon"): it gets the default intent instead. Every other message gets the intent the
 * classifier it wraps finds. Thread-safe when that classifier is.
 */
public final class SentenceTypeFirst implements IntentClassifier {

    private final IntentClassifier intents;
    private final String defaultIntent;
    private final List<String> defaultTools;

    /**
     * @param intents the classifier of intents
     * @param defaultIntent the intent of a question the classifier took for something to remember
     * @param defaultTools the tools of that intent
     */
    public SentenceTypeFirst(IntentClassifier intents, String defaultIntent, List<String> defaultTools) {
        this.intents = intents;
        this.defaultIntent = defaultIntent;
        this.defaultTools = List.copyOf(defaultTools);
    }

    @Override
    public ClassifiedIntent classify(String text) {
        return classify(text, null);
    }

    @Override
    public ClassifiedIntent classify(String text, @Nullable MessageEmbedding embedding) {
        if (SentenceType.asksToRemember(text)) {
            return new ClassifiedIntent(IntentNames.REMEMBER, 1.0, List.of());
        }
        ClassifiedIntent intent = intents.classify(text, embedding);
        if (IntentNames.REMEMBER.equals(intent.intent()) && SentenceType.of(text) == SentenceType.QUESTION) {
            return new ClassifiedIntent(defaultIntent, intent.confidence(), defaultTools);
        }
        return intent;
    }

    @Override
    public @Nullable MessageEmbedding embed(String text) {
        return intents.embed(text);
    }

    @Override
    public void forgetRecentTexts() {
        intents.forgetRecentTexts();
    }
}
