package dev.janus.events;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A vector as signed bytes scaled by its largest component: a quarter of the float size, and within about 0.01 of the
 * float cosine for MiniLM's unit vectors. The one quantisation of Janus: the form memory's index searches and Redis
 * keeps, and the form a {@link TextEmbedding} carries on the bus.
 *
 * @param values the components divided by {@code scale}, rounded
 * @param scale the largest component's magnitude divided by 127
 */
public record Int8Vector(byte[] values, float scale) {

    /** The quantised form of {@code vector}. */
    public static Int8Vector of(float[] vector) {
        float largest = 0;
        for (float component : vector) {
            largest = Math.max(largest, Math.abs(component));
        }
        float scale = largest == 0 ? 0 : largest / 127f;
        byte[] values = new byte[vector.length];
        for (int i = 0; i < vector.length; i++) {
            values[i] = scale == 0 ? 0 : (byte) Math.round(vector[i] / scale);
        }
        return new Int8Vector(values, scale);
    }

    /** The components as floats again (quantised). */
    public float[] toFloats() {
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = values[i] * scale;
        }
        return vector;
    }

    /** A compact text form: the scale's four bytes and the values, in Base64. */
    public String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(4 + values.length);
        buffer.putFloat(scale).put(values);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** The vector of {@link #encode()}'s text. */
    public static Int8Vector decode(String text) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        float scale = buffer.getFloat();
        byte[] values = new byte[buffer.remaining()];
        buffer.get(values);
        return new Int8Vector(values, scale);
    }
}
