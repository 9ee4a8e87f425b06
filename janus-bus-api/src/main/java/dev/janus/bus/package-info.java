/**
 * The event bus API: {@link dev.janus.bus.EventPublisher}, {@link dev.janus.bus.EventSubscriber} and
 * {@link dev.janus.bus.EventBus}. No Spring, no Redis: the engines are in the module {@code janus-bus}.
 */
@NullMarked
package dev.janus.bus;

import org.jspecify.annotations.NullMarked;
