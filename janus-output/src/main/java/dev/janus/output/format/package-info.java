/** Shaping a reply for its channel: markdown for chat, plain text for voice, JSON for webhooks. */
@NullMarked
package dev.janus.output.format;

import org.jspecify.annotations.NullMarked;
