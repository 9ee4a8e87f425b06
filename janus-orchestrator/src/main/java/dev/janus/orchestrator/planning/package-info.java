/** Rule-based tool planning: the tool calls a message needs, found without waiting for classification. */
@NullMarked
package dev.janus.orchestrator.planning;

import org.jspecify.annotations.NullMarked;
