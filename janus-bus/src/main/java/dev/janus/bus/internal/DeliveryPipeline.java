package dev.janus.bus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventHandler;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.Delivery.Outcome;
import dev.janus.events.EventCodec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one subscription's events to its handler, the same way in both engines: skip ids the group
 * handled already, wait while the group's circuit breaker is open, trace and time the handler,
 * retry failures with exponential backoff, and dead-letter the event after the last attempt.
 * Events of one stream go through one lane, in order.
 */
public final class DeliveryPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final String group;
    private final EventHandler handler;
    private final BusProperties.Retry retry;
    private final CircuitBreaker breaker;
    private final Duration breakerWait;
    private final RecentEventIds handled;
    private final RedeliveryCheck redeliveryCheck;
    private final BusMetrics metrics;
    private final BusTracing tracing;
    private final DeadLetterSink deadLetters;
    private final ScheduledExecutorService scheduler;
    private final OrderedLanes<Delivery> lanes;
    private final EventCodec codec = new EventCodec();

    /** Asks the engine's shared store whether a redelivered event was handled by another consumer. */
    @FunctionalInterface
    public interface RedeliveryCheck {

        boolean handledElsewhere(Delivery delivery) throws Exception;
    }

    /**
     * @param idle run by a lane that ran out of work, before it waits: where an engine sends what it
     *        batched (Redis: acknowledgements)
     */
    public DeliveryPipeline(String name, String group, EventHandler handler, BusProperties properties,
            CircuitBreaker breaker, RecentEventIds handled, RedeliveryCheck redeliveryCheck, BusMetrics metrics,
            BusTracing tracing, DeadLetterSink deadLetters, ScheduledExecutorService scheduler, Runnable idle) {
        this.group = group;
        this.handler = handler;
        this.retry = properties.retry();
        this.breaker = breaker;
        this.breakerWait = properties.circuitBreaker().waitInOpenState();
        this.handled = handled;
        this.redeliveryCheck = redeliveryCheck;
        this.metrics = metrics;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.scheduler = scheduler;
        this.lanes = new OrderedLanes<>(name, properties.concurrency(), this::attempt,
                delivery -> delivery.settlement().settled(delivery, Outcome.ABANDONED), idle);
    }

    /** Queues the delivery on its stream's lane. */
    public void submit(Delivery delivery) {
        lanes.submit(delivery.event().streamId(), delivery);
    }

    /**
     * Stops the lanes: with {@code drain} queued deliveries still run, without they are abandoned
     * (left for redelivery); running handlers get up to {@code timeout}.
     */
    public void stop(boolean drain, Duration timeout) {
        lanes.stop(drain, timeout);
    }

    /** Starts no more deliveries from now on: queued ones are abandoned (left for redelivery); returns at once. */
    public void stopStarting() {
        lanes.beginStop(false);
    }

    /** Waits up to {@code timeout} for running handlers after {@link #stopStarting}. */
    public void awaitRunning(Duration timeout) {
        lanes.awaitStop(timeout);
    }

    private void attempt(Delivery delivery) {
        var event = delivery.event();
        try {
            if (handled.contains(event.eventId())
                    || (delivery.redelivered() && delivery.attempts() == 0 && redeliveryCheck.handledElsewhere(delivery))) {
                metrics.count(event.eventType(), Status.DUPLICATE);
                delivery.settlement().settled(delivery, Outcome.DUPLICATE);
                return;
            }
        }
        catch (Exception e) {
            log.warn("Could not check whether group {} handled event {} already; handling it: {}", group,
                    event.eventId(), e.toString());
        }
        if (!breaker.tryAcquirePermission()) {
            // The group's handler is failing everywhere: hold the event (it keeps its in-flight slot, so reading
            // pauses) instead of burning its attempts into the dead-letter queue.
            reschedule(delivery, breakerWait);
            return;
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try (BusTracing.Handling span = tracing.handling(event, group)) {
            try {
                handler.on(event);
            }
            catch (Throwable e) {
                span.failed(e);
                failure = e;
            }
        }
        long elapsed = System.nanoTime() - start;
        if (failure == null) {
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            handled.add(event.eventId());
            metrics.processed(event.eventType(), elapsed);
            metrics.count(event.eventType(), Status.HANDLED);
            delivery.settlement().settled(delivery, Outcome.HANDLED);
            return;
        }
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        if (failure instanceof InterruptedException || lanes.isClosing() && Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            delivery.settlement().settled(delivery, Outcome.ABANDONED);
            return;
        }
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
        Delivery failed = delivery.failedOnce();
        if (failed.attempts() < retry.maxAttempts()) {
            metrics.count(event.eventType(), Status.RETRIED);
            log.debug("Group {} failed on event {} (attempt {} of {}), retrying: {}", group, event.eventId(),
                    failed.attempts(), retry.maxAttempts(), failure.toString());
            reschedule(failed, retry.backoffAfter(failed.attempts()));
            return;
        }
        deadLetter(failed, failure);
    }

    private void reschedule(Delivery delivery, Duration delay) {
        if (lanes.isClosing()) {
            delivery.settlement().settled(delivery, Outcome.ABANDONED);
            return;
        }
        try {
            scheduler.schedule(() -> submit(delivery), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.RejectedExecutionException e) {
            delivery.settlement().settled(delivery, Outcome.ABANDONED);
        }
    }

    private void deadLetter(Delivery delivery, Throwable failure) {
        var event = delivery.event();
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        log.warn("Group {} gave up on event {} ({}) after {} attempts; dead-lettered: {}", group, event.eventId(),
                event.eventType(), delivery.attempts(), error);
        DeadLetter letter = new DeadLetter("", codec.encodeToString(event), event.eventType().wireName(), event.eventId(), error,
                delivery.attempts(), delivery.originStream(), group, delivery.originId(), Instant.now(),
                delivery.history());
        deadLetters.write(letter).whenComplete((ok, writeFailure) -> {
            if (writeFailure != null) {
                log.error("Could not dead-letter event {} of group {}; it stays pending for redelivery", event.eventId(),
                        group, writeFailure);
                delivery.settlement().settled(delivery, Outcome.ABANDONED);
                return;
            }
            metrics.count(event.eventType(), Status.DEAD_LETTERED);
            delivery.settlement().settled(delivery, Outcome.DEAD_LETTERED);
        });
    }
}
