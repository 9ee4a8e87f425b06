package dev.janus.events;

import java.util.Arrays;

/**
 * A chunk of raw audio from a voice stream.
 *
 * @param data the samples, at most {@link EventLimits#MAX_BINARY_BYTES} bytes (base64 on the wire)
 * @param sampleRate samples per second, 8000..48000
 * @param channels interleaved channels, 1..2
 * @param encoding the sample encoding, e.g. {@code pcm_s16le}
 * @param sequence position of this chunk in its stream, from 0
 */
public record AudioContent(byte[] data, int sampleRate, int channels, String encoding, long sequence)
        implements EventContent {

    public AudioContent {
        Constraints.bytes("data", data, EventLimits.MAX_BINARY_BYTES);
        Constraints.range("sample_rate", sampleRate, 8_000, 48_000);
        Constraints.range("channels", channels, 1, 2);
        Constraints.nonBlank("encoding", encoding, EventLimits.MAX_ID_CHARS);
        Constraints.notNegative("sequence", sequence);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioContent that && Arrays.equals(data, that.data) && sampleRate == that.sampleRate
                && channels == that.channels && encoding.equals(that.encoding) && sequence == that.sequence;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "AudioContent[" + data.length + " bytes, " + sampleRate + " Hz, " + channels + " ch, " + encoding
                + ", sequence=" + sequence + "]";
    }
}
