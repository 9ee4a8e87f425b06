/**
 * Benchmarks of the LLM component: what it adds on top of a provider's own latency, measured against a local
 * OpenAI-compatible server that answers at once.
 */
@NullMarked
package dev.janus.bench.llm;

import org.jspecify.annotations.NullMarked;
