package dev.janus.orchestrator.intent;

import java.util.Objects;

import dev.janus.events.TextEmbedding;

/**
 * A message's sentence embedding, computed once by the orchestrator: the classifier reads it, and memory gets it
 * quantised in {@code orchestrator.context.requested}, so nobody embeds the message again.
 *
 * @param model the id of the model that embedded the text
 * @param vector the embedding
 */
public record MessageEmbedding(String model, float[] vector) {

    public MessageEmbedding {
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(vector, "vector must not be null");
    }

    /** The int8 form that travels in events. */
    public TextEmbedding quantised() {
        return TextEmbedding.of(model, vector);
    }
}
