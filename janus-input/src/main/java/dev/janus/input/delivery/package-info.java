/**
 * Getting replies to clients: the frames sent over WebSocket and SSE, the live connections this
 * node holds, the waiters of {@code ?wait=} requests, and the per-stream outbox for clients that
 * were not connected.
 */
@NullMarked
package dev.janus.input.delivery;

import org.jspecify.annotations.NullMarked;
