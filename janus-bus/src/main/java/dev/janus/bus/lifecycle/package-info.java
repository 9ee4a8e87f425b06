/**
 * A component's work as a Spring lifecycle: its subscriptions ({@link dev.janus.bus.lifecycle.EventHandlers}) and
 * its periodic work ({@link dev.janus.bus.lifecycle.PeriodicTask}) start and stop with the application context.
 */
@NullMarked
package dev.janus.bus.lifecycle;

import org.jspecify.annotations.NullMarked;
