/** The OpenAI-compatible audio APIs that transcription and speech out use, through Spring AI's OpenAI models. */
@NullMarked
package dev.janus.input.openai;

import org.jspecify.annotations.NullMarked;
