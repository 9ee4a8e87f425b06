package dev.janus.input.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Mono PCM16 audio in a RIFF/WAVE container: what the transcription API receives and what speech engines
 * return. Reading accepts 16-bit PCM with any number of channels (mixed down to mono) and tolerates the
 * placeholder sizes that streaming writers such as {@code espeak-ng --stdout} put in the header.
 *
 * @param samples mono samples
 * @param sampleRate samples per second
 */
public record WavFile(short[] samples, int sampleRate) {

    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    /** The file's bytes: a 44-byte header and the samples. */
    public byte[] encode() {
        int dataBytes = samples.length * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) PCM)
                .putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        buffer.put(Pcm16.bytes(samples));
        return buffer.array();
    }

    /** Reads a WAVE file of 16-bit PCM. */
    public static WavFile parse(byte[] file) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || !tag(buffer, 0).equals("RIFF") || !tag(buffer, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file (" + file.length + " bytes)");
        }
        int position = 12;
        int channels = 0;
        int sampleRate = 0;
        while (position + 8 <= file.length) {
            String chunk = tag(buffer, position);
            long size = Integer.toUnsignedLong(buffer.getInt(position + 4));
            int body = position + 8;
            if (chunk.equals("fmt ")) {
                int format = buffer.getShort(body) & 0xFFFF;
                channels = buffer.getShort(body + 2);
                sampleRate = buffer.getInt(body + 4);
                int bits = buffer.getShort(body + 14);
                if ((format != PCM && format != EXTENSIBLE) || bits != 16 || channels < 1) {
                    throw new IllegalArgumentException("only 16-bit PCM WAVE is supported, but format was " + format
                            + " with " + bits + " bits and " + channels + " channel(s)");
                }
            }
            else if (chunk.equals("data")) {
                if (channels == 0) {
                    throw new IllegalArgumentException("WAVE data chunk before its fmt chunk");
                }
                int available = file.length - body;
                int length = (int) Math.min(size, available);
                length -= length % (2 * channels);
                return new WavFile(mono(Pcm16.samples(file, body, length), channels), sampleRate);
            }
            position = (int) Math.min(file.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAVE file without a data chunk");
    }

    /** Its length in milliseconds. */
    public long durationMs() {
        return Pcm16.millis(samples.length, sampleRate);
    }

    private static short[] mono(short[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        short[] mono = new short[interleaved.length / channels];
        for (int i = 0; i < mono.length; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            mono[i] = (short) (sum / channels);
        }
        return mono;
    }

    private static String tag(ByteBuffer buffer, int at) {
        byte[] tag = new byte[4];
        buffer.get(at, tag);
        return new String(tag, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
