/** Recurring topics, repeated questions and routine times per user. */
@NullMarked
package dev.janus.memory.patterns;

import org.jspecify.annotations.NullMarked;
