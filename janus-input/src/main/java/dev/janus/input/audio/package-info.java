/**
 * Voice input on the node that holds the client's socket: {@code /ws/audio}, resampling to 16 kHz, voice
 * activity detection, the utterance buffer, batching of {@code input.audio.chunk}, transcript and speech frames,
 * and barge-in.
 */
@NullMarked
package dev.janus.input.audio;

import org.jspecify.annotations.NullMarked;
