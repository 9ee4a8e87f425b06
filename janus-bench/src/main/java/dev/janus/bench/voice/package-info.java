/**
 * Benchmarks of the voice path: janus-input's {@code /ws/audio} with its detector and the transcription component,
 * run in this JVM on the in-memory bus and fed by WebSocket clients at real-time pace with espeak-ng speech; and the
 * speed of each transcription engine on the same speech.
 */
@NullMarked
package dev.janus.bench.voice;

import org.jspecify.annotations.NullMarked;
