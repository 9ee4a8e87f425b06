/**
 * Child processes that Janus starts and owns ({@link dev.janus.bus.process.OwnedProcess}): stopped with their
 * descendants in bounded time, by their owner or, failing that, when the JVM exits.
 */
@NullMarked
package dev.janus.bus.process;

import org.jspecify.annotations.NullMarked;
