/** Conversation history per stream, in order, stored once per source event. */
@NullMarked
package dev.janus.memory.history;

import org.jspecify.annotations.NullMarked;
