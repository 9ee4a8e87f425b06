/**
 * A component's work as a Spring lifecycle: its subscriptions ({@link dev.janus.bus.lifecycle.EventHandlers}) and
 * its periodic work ({@link dev.janus.bus.lifecycle.PeriodicTask}) start and stop with the application context; work
 * claimed in batches under a lease is drained by {@link dev.janus.bus.lifecycle.LeasedBatches}.
 */
@NullMarked
package dev.janus.bus.lifecycle;

import org.jspecify.annotations.NullMarked;
