/** Merging duplicate facts, summarising old history, enforcing retention. */
@NullMarked
package dev.janus.memory.consolidation;

import org.jspecify.annotations.NullMarked;
