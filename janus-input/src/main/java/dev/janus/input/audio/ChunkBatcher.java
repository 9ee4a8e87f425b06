package dev.janus.input.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a track's small client frames (typically 20 ms) into chunks of a fixed length, so the bus carries
 * about one {@code input.audio.chunk} per {@code janus.input.voice.chunk} instead of one per frame.
 */
final class ChunkBatcher {

    private final short[] buffer;
    private int count;

    ChunkBatcher(int chunkSamples) {
        this.buffer = new short[chunkSamples];
    }

    /** Adds samples; returns the chunks they completed. */
    List<short[]> add(short[] samples) {
        List<short[]> full = new ArrayList<>(1);
        int at = 0;
        while (at < samples.length) {
            int take = Math.min(buffer.length - count, samples.length - at);
            System.arraycopy(samples, at, buffer, count, take);
            count += take;
            at += take;
            if (count == buffer.length) {
                full.add(buffer.clone());
                count = 0;
            }
        }
        return full;
    }

    /** The incomplete last chunk, if any. */
    short[] drain() {
        short[] rest = java.util.Arrays.copyOf(buffer, count);
        count = 0;
        return rest;
    }
}
