package dev.janus.events;

import java.util.Base64;

/**
 * The sentence embedding of a text, quantised to signed bytes: each component divided by {@code scale} and rounded,
 * about a quarter of the float size and within about 0.01 of the float cosine for unit vectors. A reader uses it only
 * when its own model has the id {@code model}; vectors of different models are never compared.
 *
 * @param model the id of the model that embedded the text, e.g. {@code all-minilm-l6-v2-q}
 * @param scale the largest component's magnitude divided by 127 (0 for the zero vector)
 * @param values the quantised components, one signed byte each, in Base64; 1..{@value #MAX_DIMENSIONS} of them
 */
public record TextEmbedding(String model, float scale, String values) {

    /** The most dimensions an embedding may have. */
    public static final int MAX_DIMENSIONS = 4_096;

    public TextEmbedding {
        Constraints.nonBlank("model", model, EventLimits.MAX_ID_CHARS);
        if (!(scale >= 0 && Float.isFinite(scale))) {
            throw new InvalidEventException("scale", "must be a finite number >= 0, but was " + scale);
        }
        Constraints.text("values", values, (MAX_DIMENSIONS + 2) / 3 * 4);
        int dimensions = decoded(values).length;
        if (dimensions == 0) {
            throw new InvalidEventException("values", "must hold at least one component");
        }
    }

    /** The quantised form of {@code vector}, embedded by {@code model}. */
    public static TextEmbedding of(String model, float[] vector) {
        Int8Vector quantised = Int8Vector.of(vector);
        return new TextEmbedding(model, quantised.scale(), Base64.getEncoder().encodeToString(quantised.values()));
    }

    /** The components as floats again (quantised). */
    public float[] toFloats() {
        return new Int8Vector(decoded(values), scale).toFloats();
    }

    /** How many components it has. */
    public int dimensions() {
        return decoded(values).length;
    }

    private static byte[] decoded(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidEventException("values", "must be Base64: " + e.getMessage());
        }
    }
}
