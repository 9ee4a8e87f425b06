/**
 * Benchmarks of a whole conversation: the real orchestrator application with its LLM component on the offline
 * responder, from {@code input.message.received} to {@code orchestrator.response.ready}, on either bus.
 */
@NullMarked
package dev.janus.bench.flow;

import org.jspecify.annotations.NullMarked;
