/**
 * The event contracts of Janus: the {@link dev.janus.events.JanusEvent} envelope, the sealed
 * {@link dev.janus.events.EventContent} payloads, the {@link dev.janus.events.EventType} catalogue with its typed
 * {@link dev.janus.events.EventKeys keys}, the {@link dev.janus.events.ComponentEvents} declarations of who publishes
 * and subscribes to what, collected by the {@link dev.janus.events.EventRegistry}, and the
 * {@link dev.janus.events.EventCodec JSON codec}. Plain Java and Jackson only, so any JVM
 * client can speak to Janus.
 */
@NullMarked
package dev.janus.events;

import org.jspecify.annotations.NullMarked;
