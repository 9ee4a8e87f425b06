/**
 * The Redis Streams engine: a stream per event type ({@code janus:<event_type>}), consumer groups,
 * acknowledgement after success, reclaim of a dead consumer's pending entries, the dead-letter
 * stream {@code janus:dlq}.
 */
@NullMarked
package dev.janus.bus.redis;

import org.jspecify.annotations.NullMarked;
