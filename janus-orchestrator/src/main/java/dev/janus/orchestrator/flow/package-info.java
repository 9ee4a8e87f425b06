/** The conversation flow: fan-out of a message to its branches, the join, the LLM request and the reply. */
@NullMarked
package dev.janus.orchestrator.flow;

import org.jspecify.annotations.NullMarked;
