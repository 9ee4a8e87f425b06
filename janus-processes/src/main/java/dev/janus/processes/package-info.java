/**
 * What the operating system says about processes ({@link dev.janus.processes.ProcessFacts}) and how a command line
 * may be logged ({@link dev.janus.processes.RedactedCommand}): plain Java, shared by the processes Janus owns and by
 * the tests' check that none is left running.
 */
@NullMarked
package dev.janus.processes;

import org.jspecify.annotations.NullMarked;
