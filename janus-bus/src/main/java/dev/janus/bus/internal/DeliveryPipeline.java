package dev.janus.bus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventLogContext;
import dev.janus.bus.config.PropertyCheck;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.Delivery.Outcome;
import dev.janus.events.EventCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one subscription's events to its handler, the same way in both engines: skip ids the group
 * handled already, wait while the group's circuit breaker is open, trace and time the handler,
 * retry failures with exponential backoff, and dead-letter the event after the last attempt.
 * Events of one stream go through one lane, in order.
 *
 * <p>A failure that Redis's outage explains, while Redis is still out of reach, spends no attempt: the event waits
 * for Redis, trying again every {@link #OUTAGE_RETRY}, and is neither dead-lettered for it nor counted against the
 * breaker. Once Redis answers, failures count again, so a command that fails with Redis up is no reason to wait; and
 * after {@link #MAX_REDIS_WAITS} waits they count whatever Redis does, so that a handler whose own commands keep Redis
 * busy past the timeout each time cannot hold its event for ever.
 *
 * <p>A watchdog interrupts a handler that runs past its timeout; the attempt counts as failed (retried, then
 * dead-lettered). A handler that does not return within a grace period after that is abandoned: its delivery is
 * failed on its behalf and its lane gets a new thread, so one stuck event never stalls the streams behind it.
 */
public final class DeliveryPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    /** How long an interrupted handler gets to return before its thread is left behind (at most the timeout). */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(5);
    /** How often an event whose handler met a Redis outage tries again while Redis stays out of reach. */
    static final Duration OUTAGE_RETRY = Duration.ofSeconds(1);
    /** How often an event waits for Redis before its failures count whatever Redis does: five minutes' worth. */
    static final int MAX_REDIS_WAITS = 300;

    private final String group;
    private final EventHandler handler;
    private final BusProperties.Retry retry;
    private final GroupBreaker breaker;
    private final Duration breakerWait;
    private final RecentEventIds handled;
    private final RedeliveryCheck redeliveryCheck;
    private final BusMetrics metrics;
    private final BusTracing tracing;
    private final DeadLetterSink deadLetters;
    private final OutageCheck outage;
    private final ScheduledExecutorService scheduler;
    private final OrderedLanes<Arrival> lanes;
    private final EventCodec codec = new EventCodec();
    private final Duration handlerTimeout;
    private final ErasedUsers erased;
    private final Duration abandonAfter;
    /** Each lane thread's slot, where the watchdog reads what it runs (set and cleared without a shared write). */
    private final ThreadLocal<RunningSlot> slotOfThread = ThreadLocal.withInitial(this::newSlot);
    private final Set<RunningSlot> slots = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> watchdog;

    /** Asks the engine's shared store whether a redelivered event was handled by another consumer. */
    @FunctionalInterface
    public interface RedeliveryCheck {

        boolean handledElsewhere(Delivery delivery) throws Exception;
    }

    /**
     * @param idle run by a lane that ran out of work, before it waits: where an engine sends what it
     *        batched (Redis: acknowledgements)
     * @param erased the erased users, whose older events are settled without reaching the handler
     * @param outage tells failures that Redis's outage explains, which wait for Redis instead of spending attempts
     */
    public DeliveryPipeline(String name, String group, EventHandler handler, BusProperties properties,
            @Nullable Duration handlerTimeout, GroupBreaker breaker, RecentEventIds handled,
            RedeliveryCheck redeliveryCheck, BusMetrics metrics, BusTracing tracing, DeadLetterSink deadLetters,
            ScheduledExecutorService scheduler, Runnable idle, ErasedUsers erased, OutageCheck outage) {
        this.group = group;
        this.erased = erased;
        this.handlerTimeout = handlerTimeout == null ? properties.handlerTimeout() : handlerTimeout;
        this.abandonAfter = this.handlerTimeout.plus(min(this.handlerTimeout, ABANDON_GRACE));
        this.handler = handler;
        this.retry = properties.retry();
        this.breaker = breaker;
        this.breakerWait = properties.circuitBreaker().waitInOpenState();
        this.handled = handled;
        this.redeliveryCheck = redeliveryCheck;
        this.metrics = metrics;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.outage = outage;
        this.scheduler = scheduler;
        this.lanes = new OrderedLanes<>(name, properties.concurrency(), this::arrived, Arrival::abandon, idle);
        long every = Math.max(20, Math.min(1_000, this.handlerTimeout.toMillis() / 4));
        this.watchdog = scheduler.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Queues the delivery on its stream's lane. */
    public void submit(Arrival arrival) {
        lanes.submit(arrival.laneKey(), arrival);
    }

    /** Queues each on its stream's lane, waking each lane at most once. */
    public void submitAll(List<Arrival> arrivals) {
        lanes.submitAll(arrivals, Arrival::laneKey);
    }

    /**
     * Stops the lanes: with {@code drain} queued deliveries still run, without they are abandoned
     * (left for redelivery); running handlers get up to {@code timeout}.
     */
    public void stop(boolean drain, Duration timeout) {
        lanes.stop(drain, timeout);
        watchdog.cancel(false);
    }

    /** Starts no more deliveries from now on: queued ones are abandoned (left for redelivery); returns at once. */
    public void stopStarting() {
        lanes.beginStop(false);
    }

    /** Waits up to {@code timeout} for running handlers after {@link #stopStarting}. */
    public void awaitRunning(Duration timeout) {
        lanes.awaitStop(timeout);
        watchdog.cancel(false);
    }

    private void arrived(Arrival arrival) {
        Delivery delivery = arrival.delivery();
        if (delivery != null) {
            attempt(delivery);
        }
    }

    private void attempt(Delivery delivery) {
        var event = delivery.event();
        if (erased.covers(event)) {
            // its user was erased after it was dated: no handler may see it again
            metrics.count(event.eventType(), Status.ERASED);
            delivery.settlement().settled(delivery, Outcome.DUPLICATE);
            return;
        }
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
        Running watched = new Running(delivery, start);
        RunningSlot slot = slotOfThread.get();
        slot.running = watched;
        try (BusTracing.Handling span = tracing.handling(event, group); var logContext = EventLogContext.of(event)) {
            try {
                handler.on(event);
            }
            catch (Throwable e) {
                span.failed(e);
                failure = e;
            }
        }
        finally {
            slot.running = null;
        }
        long elapsed = System.nanoTime() - start;
        int watchedState;
        synchronized (watched) {
            watchedState = watched.state.getAndSet(Running.DONE);
            if (watchedState == Running.TIMED_OUT) {
                // interrupted by the watchdog under this lock: clear the flag before the lane's next work
                Thread.interrupted();
            }
        }
        if (watchedState == Running.ABANDONED) {
            // the watchdog failed this delivery already and gave the lane a new thread (unless the lanes are
            // closing: then this thread goes on with the lane's work, each handling in a slot of its own again)
            slots.remove(slot);
            slotOfThread.remove();
            return;
        }
        if (watchedState == Running.TIMED_OUT) {
            failure = new HandlerTimeoutException(handlerTimeout);
        }
        if (failure == null) {
            breaker.succeeded(elapsed);
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
            breaker.released(); // no outcome to record: a half-open breaker gets its probe's permit back
            delivery.settlement().settled(delivery, Outcome.ABANDONED);
            return;
        }
        if (delivery.redisWaits() < MAX_REDIS_WAITS && outage.ongoing(failure)) {
            breaker.released(); // the handler is not at fault: no outcome for the breaker
            log.debug("Group {} failed on event {} because Redis is out of reach; trying again in {} without "
                    + "spending an attempt: {}", group, event.eventId(), PropertyCheck.readable(OUTAGE_RETRY),
                    failure.toString());
            reschedule(delivery.waitedForRedis(), OUTAGE_RETRY);
            return;
        }
        breaker.failed(elapsed, failure);
        fail(delivery, failure);
    }

    /** One more failed attempt: retried with backoff while attempts remain, else dead-lettered. */
    private void fail(Delivery delivery, Throwable failure) {
        var event = delivery.event();
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

    /**
     * Interrupts handlers past their timeout, and gives up on those that still run a grace period later: their
     * delivery is failed here and their lane gets a new thread. A failure is logged, never thrown: the scheduler
     * would silently stop running the watchdog, and no timeout would be enforced again.
     */
    private void watch() {
        try {
            watchHandlers();
        }
        catch (RuntimeException e) {
            log.error("Group {}: the handler watchdog failed; it runs again in a moment", group, e);
        }
    }

    private void watchHandlers() {
        long now = System.nanoTime();
        for (RunningSlot slot : slots) {
            Running watched = slot.running;
            if (watched == null) {
                continue;
            }
            long elapsed = now - watched.startedAt;
            if (elapsed > handlerTimeout.toNanos() && watched.state.get() == Running.RUNNING) {
                synchronized (watched) {
                    // the handler's thread clears the flag under the same lock, so it never leaks to its next work
                    if (watched.state.compareAndSet(Running.RUNNING, Running.TIMED_OUT)) {
                        slot.thread.interrupt();
                    }
                    else {
                        continue;
                    }
                }
                metrics.handlerTimedOut(group);
                log.warn("Group {}: the handler of event {} ({}) ran past its timeout of {}; interrupted it", group,
                        watched.delivery.event().eventId(), watched.delivery.event().eventType(),
                        PropertyCheck.readable(handlerTimeout));
            }
            else if (elapsed > abandonAfter.toNanos() && abandon(slot.thread, watched)) {
                metrics.handlerAbandoned(group);
                log.error("Group {}: the handler of event {} did not stop when interrupted; leaving its thread {} "
                        + "behind and going on with a new one", group, watched.delivery.event().eventId(),
                        slot.thread.getName());
                HandlerTimeoutException timedOut = new HandlerTimeoutException(handlerTimeout);
                breaker.failed(elapsed, timedOut); // its thread, when it returns, records nothing
                fail(watched.delivery, timedOut);
            }
        }
    }

    /**
     * Marks a timed-out handling abandoned and gives its lane a new thread, under the lock its thread reads the mark
     * with: a thread that finds itself abandoned has always been replaced already, so it never takes more of the
     * lane's work beside its successor (unless the lanes are closing, when none is started).
     */
    private boolean abandon(Thread stuck, Running watched) {
        synchronized (watched) {
            if (!watched.state.compareAndSet(Running.TIMED_OUT, Running.ABANDONED)) {
                return false;
            }
            lanes.replace(stuck);
            return true;
        }
    }

    private RunningSlot newSlot() {
        RunningSlot slot = new RunningSlot(Thread.currentThread());
        slots.add(slot);
        return slot;
    }

    /** What one lane thread is handling, if anything. */
    private static final class RunningSlot {

        final Thread thread;
        volatile @Nullable Running running;

        RunningSlot(Thread thread) {
            this.thread = thread;
        }
    }

    /** A handler at work, as the watchdog sees it. */
    private static final class Running {

        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int TIMED_OUT = 2;
        static final int ABANDONED = 3;

        final Delivery delivery;
        final long startedAt;
        final AtomicInteger state = new AtomicInteger(RUNNING);

        Running(Delivery delivery, long startedAt) {
            this.delivery = delivery;
            this.startedAt = startedAt;
        }
    }

    /** A handler ran past its timeout. */
    static final class HandlerTimeoutException extends Exception {

        HandlerTimeoutException(Duration timeout) {
            super("handler_timeout: the handler ran past its timeout of " + PropertyCheck.readable(timeout)
                    + " (janus.bus.handler-timeout) and was interrupted", null, false, false);
        }
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
