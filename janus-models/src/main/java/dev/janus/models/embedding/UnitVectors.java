package dev.janus.models.embedding;

/**
 * Sentence vectors scaled to length 1, so that their cosine similarity is their dot product: a vector is scaled once,
 * when it is stored, and each comparison after costs one pass over it.
 */
public final class UnitVectors {

    private UnitVectors() {
    }

    /** {@code vector} scaled to length 1, as a new array; the zero vector as it is. */
    public static float[] of(float[] vector) {
        double norm = 0;
        for (float component : vector) {
            norm += component * component;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    /**
     * The cosine similarity of two unit vectors of the same length: their dot product, summed in four running sums
     * that the processor adds side by side (one sum waits for each addition before the next; the order of additions
     * changes the result only in its last digits).
     */
    public static double cosine(float[] left, float[] right) {
        double first = 0;
        double second = 0;
        double third = 0;
        double fourth = 0;
        int i = 0;
        for (; i + 4 <= left.length; i += 4) {
            first += left[i] * right[i];
            second += left[i + 1] * right[i + 1];
            third += left[i + 2] * right[i + 2];
            fourth += left[i + 3] * right[i + 3];
        }
        for (; i < left.length; i++) {
            first += left[i] * right[i];
        }
        return (first + second) + (third + fourth);
    }
}
