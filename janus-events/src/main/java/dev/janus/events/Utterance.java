package dev.janus.events;

import java.util.Arrays;

/**
 * One complete utterance cut from an audio stream by voice activity detection, ready to be transcribed. The
 * speaker is the event's user.
 *
 * @param utteranceId identifies it; its transcript carries the same id
 * @param data PCM16LE mono samples, at most {@link EventLimits#MAX_BINARY_BYTES} bytes (base64 on the wire)
 * @param sampleRate samples per second, 8000..48000
 * @param offsetMs where it starts, in milliseconds of the stream's audio
 */
public record Utterance(String utteranceId, byte[] data, int sampleRate, long offsetMs) implements EventContent {

    public Utterance {
        Constraints.nonBlank("utterance_id", utteranceId, EventLimits.MAX_ID_CHARS);
        Constraints.bytes("data", data, EventLimits.MAX_BINARY_BYTES);
        Constraints.range("sample_rate", sampleRate, 8_000, 48_000);
        Constraints.notNegative("offset_ms", offsetMs);
    }

    /** Its length in milliseconds. */
    public long durationMs() {
        return data.length / 2 * 1_000L / sampleRate;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Utterance that && utteranceId.equals(that.utteranceId) && Arrays.equals(data, that.data)
                && sampleRate == that.sampleRate && offsetMs == that.offsetMs;
    }

    @Override
    public int hashCode() {
        return 31 * utteranceId.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Utterance[utteranceId=" + utteranceId + ", " + data.length + " bytes, sampleRate=" + sampleRate
                + ", offsetMs=" + offsetMs + "]";
    }
}
