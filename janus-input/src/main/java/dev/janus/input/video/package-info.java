/** Video input: {@code /ws/video} JPEG frames, rate-limited per stream, and the latest frame of each stream. */
@NullMarked
package dev.janus.input.video;

import org.jspecify.annotations.NullMarked;
