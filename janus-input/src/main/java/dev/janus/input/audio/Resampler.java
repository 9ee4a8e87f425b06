package dev.janus.input.audio;

/**
 * Converts a stream of mono samples from one rate to another, chunk by chunk, carrying its state across chunks
 * so that frame boundaries leave no clicks. Linear interpolation, preceded when downsampling by a two-pole
 * low-pass at 45% of the target rate against aliasing: good enough for speech detection and recognition
 * (which only need the speech band), not a hi-fi converter.
 */
public final class Resampler {

    private final int fromRate;
    private final int toRate;
    private final double step;
    private final double lowPass;
    private double stage1;
    private double stage2;
    private double position;
    private double last;
    private boolean primed;

    public Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.step = (double) fromRate / toRate;
        this.lowPass = fromRate > toRate ? 1 - Math.exp(-2 * Math.PI * 0.45 * toRate / fromRate) : 1;
    }

    /** Whether this resampler changes anything. */
    public boolean isIdentity() {
        return fromRate == toRate;
    }

    /** The samples of {@code input} (the next chunk of the stream) at the target rate. */
    public short[] process(short[] input) {
        if (isIdentity() || input.length == 0) {
            return input;
        }
        double[] filtered = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            double sample = input[i];
            if (lowPass < 1) {
                if (!primed) {
                    stage1 = sample;
                    stage2 = sample;
                }
                stage1 += lowPass * (sample - stage1);
                stage2 += lowPass * (stage1 - stage2);
                sample = stage2;
            }
            if (!primed) {
                last = sample;
                primed = true;
            }
            filtered[i] = sample;
        }
        int capacity = (int) Math.ceil((input.length - position) / step) + 1;
        short[] output = new short[Math.max(capacity, 0)];
        int count = 0;
        // position is relative to this chunk: -1 is the last sample of the previous chunk
        while (position <= input.length - 1 && count < output.length) {
            int index = (int) Math.floor(position);
            double fraction = position - index;
            double left = index < 0 ? last : filtered[index];
            double right = filtered[index + 1 < 0 ? 0 : index + 1];
            output[count++] = clamp(left + (right - left) * fraction);
            position += step;
        }
        position -= input.length;
        last = filtered[input.length - 1];
        return count == output.length ? output : java.util.Arrays.copyOf(output, count);
    }

    private static short clamp(double value) {
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }
}
