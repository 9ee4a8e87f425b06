/** The join of a message's branches by correlation id: what is expected, what arrived, who completes it. */
@NullMarked
package dev.janus.orchestrator.join;

import org.jspecify.annotations.NullMarked;
