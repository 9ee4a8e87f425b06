package dev.janus.orchestrator.intent;

import dev.janus.events.ClassifiedIntent;

/**
 * Decides what a user's message is about. Implementations are thread-safe; {@code classify} may take
 * milliseconds (the orchestrator runs it on its own threads, overlapping the other branches) and
 * throws only for a broken classifier, in which case the orchestrator falls back to the default intent.
 */
@FunctionalInterface
public interface IntentClassifier {

    /** The intent of {@code text}, with a confidence in 0..1 and the tools it needs. */
    ClassifiedIntent classify(String text);
}
