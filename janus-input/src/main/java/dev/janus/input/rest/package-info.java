/** The REST interface of ARCHITECTURE.md: streams, messages (with {@code ?wait=}), outbox, events, SSE. */
@NullMarked
package dev.janus.input.rest;

import org.jspecify.annotations.NullMarked;
