package dev.janus.events;

import java.util.Arrays;

/**
 * One frame of a video stream.
 *
 * @param data the encoded frame, at most {@link EventLimits#MAX_BINARY_BYTES} bytes (base64 on the wire)
 * @param mimeType the frame's encoding, e.g. {@code image/jpeg}
 * @param sequence position of this frame in its stream, from 0
 */
public record VideoContent(byte[] data, String mimeType, long sequence) implements EventContent {

    public VideoContent {
        Constraints.bytes("data", data, EventLimits.MAX_BINARY_BYTES);
        Constraints.nonBlank("mime_type", mimeType, EventLimits.MAX_ID_CHARS);
        Constraints.notNegative("sequence", sequence);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VideoContent that && Arrays.equals(data, that.data) && mimeType.equals(that.mimeType)
                && sequence == that.sequence;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "VideoContent[" + data.length + " bytes, " + mimeType + ", sequence=" + sequence + "]";
    }
}
