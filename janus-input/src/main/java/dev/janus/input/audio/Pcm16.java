package dev.janus.input.audio;

/**
 * Signed 16-bit little-endian PCM, the one sample format of Janus's voice path: conversions between the bytes
 * on the wire and the samples the detector, the resampler and the engines work on.
 */
public final class Pcm16 {

    /** Bytes per sample. */
    public static final int BYTES_PER_SAMPLE = 2;

    private Pcm16() {
    }

    /** The samples of {@code length} bytes (an even number) of PCM16LE starting at {@code offset}. */
    public static short[] samples(byte[] pcm, int offset, int length) {
        short[] samples = new short[length / 2];
        for (int i = 0, b = offset; i < samples.length; i++, b += 2) {
            samples[i] = (short) ((pcm[b] & 0xFF) | (pcm[b + 1] << 8));
        }
        return samples;
    }

    /** All samples of {@code pcm}. */
    public static short[] samples(byte[] pcm) {
        return samples(pcm, 0, pcm.length);
    }

    /** PCM16LE bytes of {@code samples[from..to)}. */
    public static byte[] bytes(short[] samples, int from, int to) {
        byte[] bytes = new byte[(to - from) * 2];
        for (int i = from, b = 0; i < to; i++, b += 2) {
            bytes[b] = (byte) samples[i];
            bytes[b + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    /** PCM16LE bytes of all samples. */
    public static byte[] bytes(short[] samples) {
        return bytes(samples, 0, samples.length);
    }

    /** Milliseconds that {@code samples} samples last at {@code sampleRate}. */
    public static long millis(long samples, int sampleRate) {
        return samples * 1_000L / sampleRate;
    }
}
