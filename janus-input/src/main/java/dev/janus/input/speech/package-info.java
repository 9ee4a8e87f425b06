/** Speech out: replies synthesised to PCM by an OpenAI-compatible speech API or espeak-ng. */
@NullMarked
package dev.janus.input.speech;

import org.jspecify.annotations.NullMarked;
