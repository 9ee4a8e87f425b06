/** The conductor: intent, parallel fan-out, join, LLM request, response assembly; the LLM component. */
@NullMarked
package dev.janus.orchestrator;

import org.jspecify.annotations.NullMarked;
