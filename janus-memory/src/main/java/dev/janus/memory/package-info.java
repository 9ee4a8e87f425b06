/** Conversation history, long-term facts, semantic recall, patterns, conflicts, consolidation. */
@NullMarked
package dev.janus.memory;

import org.jspecify.annotations.NullMarked;
