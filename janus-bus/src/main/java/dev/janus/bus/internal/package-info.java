/**
 * What both engines share and no other module may use: the delivery pipeline (idempotency guard,
 * circuit breaker, retries, dead-lettering), ordered worker lanes, metrics and tracing.
 */
@NullMarked
package dev.janus.bus.internal;

import org.jspecify.annotations.NullMarked;
