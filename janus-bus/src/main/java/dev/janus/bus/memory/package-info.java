/** The in-memory engine: one JVM, asynchronous dispatch, consumer-group semantics, bounded history. */
@NullMarked
package dev.janus.bus.memory;

import org.jspecify.annotations.NullMarked;
