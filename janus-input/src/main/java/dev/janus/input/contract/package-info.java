/**
 * The machine-readable descriptions of what Janus says on its sockets and its bus, generated from the code:
 * {@link dev.janus.input.contract.InterfaceDocuments} writes {@code docs/asyncapi.yaml} (AsyncAPI 3: the frames of
 * {@code /ws/chat}, {@code /ws/audio}, {@code /ws/video} and every event type) and {@code docs/events.md} (the event
 * catalogue), from the event registry of the all-in-one app; a test in {@code janus-app} regenerates both and fails
 * when the committed files differ.
 */
@NullMarked
package dev.janus.input.contract;

import org.jspecify.annotations.NullMarked;
