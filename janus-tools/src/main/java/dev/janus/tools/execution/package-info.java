/** Running tool calls: lifecycle events, timeouts, concurrency limits, circuit breakers, retries, cancellation and idempotency. */
@NullMarked
package dev.janus.tools.execution;

import org.jspecify.annotations.NullMarked;
