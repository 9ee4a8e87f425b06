/** Intent classification: labels a message by its similarity to configured examples. */
@NullMarked
package dev.janus.orchestrator.intent;

import org.jspecify.annotations.NullMarked;
