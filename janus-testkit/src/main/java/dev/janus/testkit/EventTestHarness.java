package dev.janus.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;

/**
 * The seed's test harness: publishes events onto a bus, captures every event the bus carries (it
 * subscribes to {@code *} in its own consumer group), and waits for an expected one.
 * By default it runs its own in-memory bus; give it a Redis bus to test over Redis.
 */
public final class EventTestHarness implements AutoCloseable {

    /** The harness's consumer group. */
    public static final String GROUP = "janus-test-harness";

    private final EventBus bus;
    private final boolean ownsBus;
    private final Subscription capture;
    private final List<JanusEvent> captured = new ArrayList<>();

    /** A harness on a new in-memory bus, closed with the harness. */
    public EventTestHarness() {
        this(TestBuses.inMemory(BusProperties.defaults()), true);
    }

    /** A harness on the given bus, which the caller closes. */
    public EventTestHarness(EventBus bus) {
        this(bus, false);
    }

    private EventTestHarness(EventBus bus, boolean ownsBus) {
        this.bus = bus;
        this.ownsBus = ownsBus;
        this.capture = bus.subscribe("*", GROUP, this::capture);
    }

    /** The bus under test. */
    public EventBus eventBus() {
        return bus;
    }

    /** Publishes the event and waits until the bus accepted it. */
    public void publish(JanusEvent event) {
        bus.publish(event).join();
    }

    /** Every event captured so far, in the order they arrived. */
    public List<JanusEvent> publishedEvents() {
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    /**
     * Publishes {@code event} and returns the first event of {@code expectedType} in the same request
     * flow (same correlation id).
     *
     * @throws TimeoutException when none arrives within {@code timeout}; the message lists what did arrive
     */
    public JanusEvent sendAndWait(JanusEvent event, EventType expectedType, Duration timeout) throws TimeoutException {
        publish(event);
        return awaitEvent(expectedType, candidate -> candidate.correlationId().equals(event.correlationId()), timeout);
    }

    /** The first captured event of {@code type} that satisfies {@code condition}, waiting up to {@code timeout}. */
    public JanusEvent awaitEvent(EventType type, Predicate<JanusEvent> condition, Duration timeout)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (captured) {
            while (true) {
                for (JanusEvent candidate : captured) {
                    if (candidate.eventType() == type && condition.test(candidate)) {
                        return candidate;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("Expected event " + type + " not received within " + timeout
                            + "; received: " + captured.stream().map(e -> e.eventType().wireName()).toList());
                }
                try {
                    captured.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted while waiting for " + type);
                }
            }
        }
    }

    private void capture(JanusEvent event) {
        synchronized (captured) {
            captured.add(event);
            captured.notifyAll();
        }
    }

    @Override
    public void close() {
        capture.cancel();
        if (ownsBus && bus instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                throw new IllegalStateException("could not close the harness's bus", e);
            }
        }
    }
}
