/** The LLM component (consumer group janus-llm): turns an LLM request into a generated response through a provider. */
@NullMarked
package dev.janus.orchestrator.llm;

import org.jspecify.annotations.NullMarked;
