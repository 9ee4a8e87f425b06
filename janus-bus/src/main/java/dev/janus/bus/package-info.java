/**
 * The event bus API: {@link dev.janus.bus.EventPublisher}, {@link dev.janus.bus.EventSubscriber} and
 * {@link dev.janus.bus.EventBus}, with the in-memory and Redis Streams engines in sub-packages.
 */
@NullMarked
package dev.janus.bus;

import org.jspecify.annotations.NullMarked;
