/**
 * The transcription component (consumer group {@code janus-transcription}): turns each
 * {@code input.utterance.completed} into text with a pluggable engine and lets the text enter the flow as
 * {@code input.message.received} on the voice channel.
 */
@NullMarked
package dev.janus.input.transcription;

import org.jspecify.annotations.NullMarked;
